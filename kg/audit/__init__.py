"""The legal-obligation audit: duties as data, evaluated for every bearer and period.

- ``obligations``  the duties (``data/obligations/obligations.csv``) read and checked
- ``periods``      council terms and calendar years as periods
- ``evidence``     what the graph holds that can fulfil a duty (events, posts, agreements)
- ``evaluate``     status per duty × bearer (× counterparty) × period as of a date
"""
