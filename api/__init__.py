"""HTTP layer of Yhdyspinta KG (FastAPI). Routes are thin: each calls one function in kg."""
