// A workspace member with an `npm:` alias and a transitive dependency (debug -> ms).
module.exports = { isNumber: require("is-num"), log: require("debug")("fixture") };
