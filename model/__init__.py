"""The Hai Phong ST&I model: the Vensim file, its parameter table and the runner."""
