# An alternative input file: each value is a possibility.
location = "East Asia"
