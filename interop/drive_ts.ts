// Makes the documented calls of one API with the typescript-fetch client openapi-generator
// generated from its bundle. argv: compiled client directory, client source directory, base
// URL, calls file, API name. Prints one JSON line per call: its name and "ok" or the error.
import * as fs from "fs";
import * as path from "path";

const [clientDir, sourceDir, baseUrl, callsFile, api] = process.argv.slice(2);
const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

async function main() {
  const client = require(clientDir);
  const spec = JSON.parse(fs.readFileSync(callsFile, "utf8"));
  const auth = spec.auth[api];
  const settings: Record<string, unknown> = { basePath: baseUrl };
  // typescript-fetch writes an OAuth2 scheme's token into Authorization as given, and an http
  // bearer scheme's with `Bearer `: the partner's function answers per scheme.
  const oauth2: string[] = auth.oauth2 ?? [];
  if (auth.bearer) {
    settings.accessToken = (name: string) =>
      oauth2.includes(name) ? `Bearer ${auth.bearer}` : auth.bearer;
  }
  if (auth.basic) [settings.username, settings.password] = auth.basic;
  if (auth.apiKey) settings.apiKey = (name: string) => auth.apiKey[name];
  const configuration = new client.Configuration(settings);
  const apis = Object.keys(client)
    .filter((name) => name.endsWith("Api") && typeof client[name] === "function")
    .map((name) => ({ name, instance: new client[name](configuration) }));
  for (const [index, call] of spec.apis[api].entries()) {
    await fetch(`${new URL(baseUrl).origin}/__interop/next?index=${index}`);
    let outcome = "ok";
    try {
      const found = apis.find((a) => typeof a.instance[call.operationId] === "function");
      if (!found) throw new Error(`no method ${call.operationId}`);
      // The request-parameter names, as the generated source spells them.
      const source = fs.readFileSync(path.join(sourceDir, "apis", `${found.name}.ts`), "utf8");
      const start = source.indexOf(`async ${call.operationId}RequestOpts(`);
      const end = source.indexOf("async ", start + 1);
      const names = [...new Set(
        [...source.slice(start, end).matchAll(/requestParameters\['(\w+)'\]/g)].map((m) => m[1]),
      )];
      const parameters: Record<string, unknown> = {};
      for (const [wire, value] of Object.entries(call.params)) {
        const name = names.find((n) => norm(n) === norm(wire));
        if (!name) throw new Error(`no request parameter for ${wire} among ${names}`);
        parameters[name] = value;
      }
      if (call.body !== null && call.body.form) {
        // Form fields are request parameters of the generated method.
        for (const [wire, value] of Object.entries(call.body.form)) {
          const name = names.find((n) => norm(n) === norm(wire));
          if (!name) throw new Error(`no request parameter for form field ${wire}`);
          parameters[name] = value;
        }
      } else if (call.body !== null) {
        const name = names.find((n) => !(n in parameters));
        if (!name) throw new Error(`no body parameter among ${names}`);
        const model = name.charAt(0).toUpperCase() + name.slice(1);
        parameters[name] = client[`${model}FromJSON`](call.body.json);
      }
      await found.instance[call.operationId](parameters);
    } catch (err) {
      outcome = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    console.log(JSON.stringify({ call: call.call, outcome }));
  }
}

main();
