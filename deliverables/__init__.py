"""What planners attach to a proposal: the offline explorer, Vensim/Stella exports, the Word/PDF
brief, the formatted workbook and the run diff. Functions take results already computed."""
