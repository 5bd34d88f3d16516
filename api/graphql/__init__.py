"""GraphQL at /graphql: the portal for clients and representatives, and review for the commission and ombudsman."""
