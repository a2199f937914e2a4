// Uses the other member, a catalog dependency and a package with a peer dependency.
const { isNumber } = require("@fixture/util");
const chalk = require("chalk");
const React = require("react");
const { renderToStaticMarkup } = require("react-dom/server");
module.exports = () => chalk.green(renderToStaticMarkup(React.createElement("b", null, String(isNumber(7)))));
