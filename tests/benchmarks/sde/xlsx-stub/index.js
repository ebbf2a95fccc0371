// SDEverywhere depends on SheetJS from its own CDN (not the npm registry); only GET DIRECT DATA
// models read workbooks, so this stand-in is enough to generate C for the model.
const XLSX = {
  set_fs() {},
  readFile() { throw new Error('xlsx is not available') },
  utils: {}
}
export default XLSX
