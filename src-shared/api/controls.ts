/** The controls namespace of the API map (filled in by the controls feature). */
export const controlsApi = {};
