from collections import namedtuple

Parameter = namedtuple("Parameter", ["name", "inferred_type_name", "default", "help"])
