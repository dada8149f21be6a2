/** The frameworks namespace of the API map (filled in by the frameworks feature). */
export const frameworksApi = {};
