// Google's e-mail rule, written out here as a test oracle independent of core's audience module:
// no whitespace, lower case, and for gmail.com / googlemail.com no dots and no +tag in the local part.
export const googleEmailOracle = (email: string): string =>
  email
    .replace(/\s/g, '')
    .toLowerCase()
    .replace(
      /^([^@]+)@(gmail\.com|googlemail\.com)$/,
      (_match, local: string, domain: string) =>
        `${local.split('+')[0]!.split('.').join('')}@${domain}`,
    );

/** True when Google's rule changes the address beyond lower-casing it (a dotted Gmail address). */
export const googleRuleApplies = (email: string): boolean =>
  googleEmailOracle(email) !== email.trim().toLowerCase();
