"""The evidence side's API: requisitions, applications and their screen reviews, interviews,
scorecards, the audit log.

Every view starts from the same QuerySet rules as the pages (``managed_by``, ``visible_to``),
asks the same ``accounts.access`` functions, and calls the same services.
"""
