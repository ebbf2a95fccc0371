"""The names of a run's recorded inputs and of a parameter set's provenance fields, as the diff table and
the workbook's About sheet show them (a table of its own in the catalogues; WORDS includes it)."""

RECORD_WORDS = {
    # rundiff.INPUTS, as the diff table names them
    "input model file": "model file",
    "input parameter table": "parameter table",
    "input parameter set file": "parameter set file",
    "input parameter set content": "parameter set content",
    "input ensemble members": "ensemble members",
    "input history data": "history data",
    "input targets": "targets",
    "input scenarios": "scenarios",
    "input scenario files": "scenario files",
    # a parameter set's provenance (workbook About sheet)
    "set kind": "kind",
    "set kind calibration": "calibration",  # values of a set's provenance "kind"
    "set command": "command",
    "set created_utc": "created (UTC)",
    "set innovsd_version": "innovsd version",
    "set model_sha256": "model sha256",
    "set data_sha256": "data sha256",
    "set observations_used": "observations used",
    "set until": "fitted until",
    "set source": "source",
}
