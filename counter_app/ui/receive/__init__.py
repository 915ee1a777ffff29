"""The Receive screen: procedure search, the applicant (chip-ID scans), documents."""
