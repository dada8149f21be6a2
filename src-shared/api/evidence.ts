/** The evidence namespace of the API map (filled in by the evidence feature). */
export const evidenceApi = {};
