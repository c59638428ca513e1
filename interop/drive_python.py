"""Makes the documented calls of one API with the Python client openapi-generator generated
from its bundle. argv: client directory, package name, base URL, calls file, API name.
Prints one JSON line per call: the call's name and "ok" or the error the client raised."""

import importlib
import inspect
import json
import re
import sys
import urllib.parse
import urllib.request


def norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def main():
    client_dir, package, base_url, calls_file, api = sys.argv[1:6]
    sys.path.insert(0, client_dir)
    client = importlib.import_module(package)
    models = importlib.import_module(package + ".models")
    spec = json.load(open(calls_file))
    auth = spec["auth"][api]
    settings = {"host": base_url}
    if "bearer" in auth:
        settings["access_token"] = auth["bearer"]
    if "basic" in auth:
        settings["username"], settings["password"] = auth["basic"]
    if "apiKey" in auth:
        settings["api_key"] = dict(auth["apiKey"])
    api_client = client.ApiClient(client.Configuration(**settings))
    apis = [
        cls(api_client)
        for _, cls in inspect.getmembers(importlib.import_module(package + ".api"), inspect.isclass)
    ]
    parts = urllib.parse.urlsplit(base_url)
    for index, call in enumerate(spec["apis"][api]):
        urllib.request.urlopen(f"{parts.scheme}://{parts.netloc}/__interop/next?index={index}")
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", call["operationId"]).lower()
        try:
            method = next(getattr(a, snake) for a in apis if hasattr(a, snake))
            signature = inspect.signature(method).parameters
            by_norm = {norm(name): name for name in signature}
            arguments = {by_norm[norm(wire)]: value for wire, value in call["params"].items()}
            if call["body"] is not None and "form" in call["body"]:
                # Form fields are parameters of the generated method.
                arguments.update({by_norm[norm(k)]: v for k, v in call["body"]["form"].items()})
            elif call["body"] is not None:
                body = next(
                    name for name, parameter in signature.items()
                    if name not in arguments and not name.startswith("_")
                    and parameter.default is inspect.Parameter.empty
                )
                model = getattr(models, "".join(part.capitalize() for part in body.split("_")))
                arguments[body] = model.from_dict(call["body"]["json"])
            method(**arguments)
            outcome = "ok"
        except Exception as err:  # every failure is reported, none stops the other calls
            outcome = f"{type(err).__name__}: {err}"
        print(json.dumps({"call": call["call"], "outcome": outcome}), flush=True)


main()
