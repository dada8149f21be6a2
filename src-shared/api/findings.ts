/** The findings namespace of the API map (filled in by the findings feature). */
export const findingsApi = {};
