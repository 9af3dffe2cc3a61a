/** A row staged during a scan: a new member or one whose content changed. */
export interface StagedMember {
  customerId: number;
  hash: number;
  payload: string;
}

/** A watched cluster as stored (both backends). */
export interface ClusterRow {
  clusterKey: number;
  alias: string;
  clusterId: number;
  lastScan: number;
  baselineScan: number | null;
  memberCount: number;
  /** The fields the stored content hashes cover (JSON list), null before the first commit. */
  hashFields: string | null;
}
