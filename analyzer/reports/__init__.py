"""The outputs of ``analyze`` besides the JSON: the HTML page, the Word report, the radar chart, the draft
GRI content index and the terminal summary."""
