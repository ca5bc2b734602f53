"""Spiders of the budgetkg Scrapy project."""
