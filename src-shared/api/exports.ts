/** The exports namespace of the API map (filled in by the exports feature). */
export const exportsApi = {};
