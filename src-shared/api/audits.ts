/** The audits namespace of the API map (filled in by the audits feature). */
export const auditsApi = {};
