"""budgetkg harvesting and reading: Scrapy crawler, document readers, table recognition and
record extraction (fetch → read → recognise → extract)."""
