"""What a server-side hook does: trust, bypass, check and report for the commit it is handed."""
