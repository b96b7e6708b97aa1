"""Reading the lists kb ships as CSV (kb/data/problems.csv, substances.csv) and the revised ones officers
load: one reader, so every list refuses a file the same way — a missing column, or a value outside its
column's choices, named with the file and line — before anything is written."""
import csv


def rows(path, columns, choices=None):
    """(line number, {column: value stripped}) for each row of the CSV at `path` with `columns`; `choices`:
    {column: allowed values}."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            row = {column: (row[column] or "").strip() for column in columns}
            for column, allowed in (choices or {}).items():
                if row[column] not in allowed:
                    raise ValueError(f"{path}:{reader.line_num}: {column} “{row[column]}” is not one of "
                                     f"{', '.join(allowed)}")
            yield reader.line_num, row


def listed(value):
    """The items of a "|"-separated cell, blanks dropped."""
    return [item.strip() for item in value.split("|") if item.strip()]


def refresh(row, values):
    """Set `values` on a stored `row` and save it only when one differs; True when it did, so a load can say
    how many rows it changed."""
    if all(getattr(row, field) == value for field, value in values.items()):
        return False
    for field, value in values.items():
        setattr(row, field, value)
    row.save()
    return True
