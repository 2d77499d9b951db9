package extract

import "encoding/xml"

// Helpers shared by the readers of Office Open XML packages (.xlsx, .docx).

// attr returns the value of an element's attribute by its local name, in
// any namespace.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
