#!/bin/sh
# Starts the Python language host with the project's virtualenv (see install-pulumi-cli.sh).
# The engine starts language hosts in the project directory, where Pulumi.yaml is.
here=$(dirname "$0")
if [ -z "${PULUMI_PYTHON_CMD:-}" ] && [ -f Pulumi.yaml ]; then
  venv=$(sed -n 's/^[[:space:]]*virtualenv:[[:space:]]*//p' Pulumi.yaml | head -n 1 | tr -d "\"'")
  if [ -n "$venv" ]; then
    case $venv in /*) : ;; *) venv="$PWD/$venv" ;; esac
    if [ -x "$venv/bin/python" ]; then
      PULUMI_PYTHON_CMD="$venv/bin/python"
      export PULUMI_PYTHON_CMD
    fi
  fi
fi
exec "$here/pulumi-language-python-host" "$@"
