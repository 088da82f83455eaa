export { exp, log, pow, powi, pow2, cbrt, sin, cos, atan, atan2, acos, asin } from "./detmath.js";
export { roundHalfEven } from "./roundHalfEven.js";
