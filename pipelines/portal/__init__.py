"""The upload portal: accounts, audit log, upload guards, templates and `kyoso users/submit/withdraw`.
The dashboards reach it only through `pipelines.portal.service`."""
