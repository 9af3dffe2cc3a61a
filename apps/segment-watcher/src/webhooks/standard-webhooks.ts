// Standard Webhooks signing lives in core, shared with the n8n events trigger that verifies
// what this watcher signs: one implementation on both ends.
export * from '@clusterstream/core/webhooks';
