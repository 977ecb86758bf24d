using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// The match rules EG0014 onwards, one case each: events shaped as Entra records the activity that must make a
    /// finding, and near misses (wrong result, wrong property, benign value) that must not.
    /// </summary>
    public class ParityRuleTests
    {
        private const string GlobalAdminTemplate = "62e90394-69f5-4237-9190-012177145e10";
        private const string HelpdeskTemplate = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
        private const string ReaderTemplate = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
        private static readonly AuditActor Megan = User("megan", "203.0.113.77");
        private static int _serial;

        private sealed record Case(string RuleId, AuditEvent[] Hits, AuditEvent[] Misses);

        private static TargetResource Target(
            string type,
            string name,
            params (string Name, string? Old, string? New)[] properties
        ) =>
            new()
            {
                Id = type.ToLowerInvariant() + "-" + name,
                DisplayName = name,
                Type = type,
                ModifiedProperties = properties
                    .Select(p => new ModifiedProperty
                    {
                        DisplayName = p.Name,
                        OldValue = p.Old,
                        NewValue = p.New,
                    })
                    .ToList(),
            };

        private static AuditEvent E(string activity, params TargetResource[] targets) =>
            E(activity, "success", null, targets);

        private static AuditEvent E(string activity, string result, string? reason, params TargetResource[] targets) =>
            Event("e" + ++_serial, "2026-11-13T02:00:00Z", activity, Megan, targets, result, reason);

        private static AuditEvent By(AuditActor actor, AuditEvent auditEvent) =>
            new()
            {
                Id = auditEvent.Id,
                ActivityDateTime = auditEvent.ActivityDateTime,
                ActivityDisplayName = auditEvent.ActivityDisplayName,
                Result = auditEvent.Result,
                InitiatedBy = actor,
                TargetResources = auditEvent.TargetResources,
            };

        /// <summary>A Core Directory role assignment: the member target carries the role as modified
        /// properties.</summary>
        private static TargetResource Member(
            string type,
            string name,
            string role,
            string template,
            string? wellKnown = null
        ) =>
            Target(
                type,
                name,
                ("Role.DisplayName", null, Quoted(role)),
                ("Role.TemplateId", null, Quoted(template)),
                ("Role.WellKnownObjectName", null, Quoted(wellKnown ?? ""))
            );

        private static string Quoted(string value) => "\"" + value + "\"";

        /// <summary>A PIM record: the role is a target of its own (id = template id for built-in roles).</summary>
        private static TargetResource[] Pim(string role, string template) =>
            new[]
            {
                new TargetResource
                {
                    Id = template,
                    DisplayName = role,
                    Type = "Role",
                },
                Target("User", "lee.gu"),
            };

        private static string Policy(string state, string controls) =>
            "{\"id\":\"p1\",\"displayName\":\"MFA for admins\",\"state\":\""
            + state
            + "\",\"grantControls\":{\"operator\":\"OR\",\"builtInControls\":["
            + controls
            + "]}}";

        private static string Consent(string scope, string type = "Principal") =>
            $"[[Id: g1, ClientId: c1, PrincipalId: u1, ResourceId: r1, ConsentType: {type}, Scope: {scope}]]";

        private static readonly Dictionary<string, Case> Cases = new()
        {
            ["EG0014 Global Administrator by template id, legacy name or PIM role target"] = new(
                "EG0014",
                new[]
                {
                    E(
                        "Add member to role",
                        Member("User", "lee.gu", "Global Administrator", GlobalAdminTemplate, "TenantAdmins")
                    ),
                    E("Add member to role", Member("User", "lee.gu", "Company Administrator", "")),
                    E(
                        "Add eligible member to role in PIM completed (permanent)",
                        Pim("Global Administrator", GlobalAdminTemplate)
                    ),
                },
                new[]
                {
                    E("Add member to role", Member("User", "lee.gu", "Helpdesk Administrator", HelpdeskTemplate)),
                    E(
                        "Add member to role",
                        "failure",
                        null,
                        Member("User", "lee.gu", "Global Administrator", GlobalAdminTemplate)
                    ),
                    E("Remove member from role", Member("User", "lee.gu", "Global Administrator", GlobalAdminTemplate)),
                }
            ),
            [
                "EG0015 other administrator roles for users, not Global Administrator, not readers, not service "
                    + "principals"
            ] = new(
                "EG0015",
                new[]
                {
                    E("Add member to role", Member("User", "lee.gu", "Helpdesk Administrator", HelpdeskTemplate)),
                    E(
                        "Add member to role",
                        Member("User", "lee.gu", "Renamed role", "e8611ab8-c189-46e8-94e1-60213ab1f814")
                    ),
                    E(
                        "Add member to role in PIM completed (timebound)",
                        Pim("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d")
                    ),
                },
                new[]
                {
                    E("Add member to role", Member("User", "lee.gu", "Global Administrator", GlobalAdminTemplate)),
                    E("Add member to role", Member("User", "lee.gu", "Directory Readers", ReaderTemplate)),
                    E(
                        "Add member to role",
                        Member("ServicePrincipal", "Backup-Helper", "Helpdesk Administrator", HelpdeskTemplate)
                    ),
                }
            ),
            ["EG0016 any role to a service principal"] = new(
                "EG0016",
                new[]
                {
                    E(
                        "Add member to role",
                        Member("ServicePrincipal", "Backup-Helper", "Directory Readers", ReaderTemplate)
                    ),
                },
                new[]
                {
                    E("Add member to role", Member("User", "lee.gu", "Directory Readers", ReaderTemplate)),
                    E(
                        "Add member to role",
                        "failure",
                        null,
                        Member("ServicePrincipal", "Backup-Helper", "Directory Readers", ReaderTemplate)
                    ),
                }
            ),
            ["EG0017 a role granted around PIM"] = new(
                "EG0017",
                new[]
                {
                    E("Add member to role outside of PIM", Pim("Helpdesk Administrator", HelpdeskTemplate)),
                    E("Add member to role", Member("User", "lee.gu", "Helpdesk Administrator", HelpdeskTemplate)),
                },
                new[]
                {
                    By(
                        App("MS-PIM"),
                        E("Add member to role", Member("User", "lee.gu", "Helpdesk Administrator", HelpdeskTemplate))
                    ),
                    E(
                        "Add member to role in PIM completed (permanent)",
                        Pim("Helpdesk Administrator", HelpdeskTemplate)
                    ),
                }
            ),
            ["EG0018 PIM role settings"] = new(
                "EG0018",
                new[] { E("Update role setting in PIM", Pim("Global Administrator", GlobalAdminTemplate)) },
                new[]
                {
                    E("Update role setting in PIM", "failure", null, Pim("Global Administrator", GlobalAdminTemplate)),
                }
            ),
            ["EG0019 PIM alert disabled"] = new(
                "EG0019",
                new[] { E("Disable PIM Alert", Target("Other", "RolesAssignedOutsidePimAlert")) },
                new[] { E("Enable PIM Alert", Target("Other", "RolesAssignedOutsidePimAlert")) }
            ),
            ["EG0020 elevation to User Access Administrator"] = new(
                "EG0020",
                new[]
                {
                    E("User has elevated their access to User Access Administrator for their Azure Resources"),
                    E("Assigns the caller to user access admin"),
                },
                new[]
                {
                    E(
                        "User has elevated their access to User Access Administrator for their Azure Resources",
                        "failure",
                        null
                    ),
                }
            ),
            ["EG0021 activation denied, not because it already exists"] = new(
                "EG0021",
                new[]
                {
                    E(
                        "Add member to role request denied (PIM activation)",
                        "failure",
                        "Request denied by approver",
                        Pim("Global Administrator", GlobalAdminTemplate)
                    ),
                },
                new[]
                {
                    E(
                        "Add member to role request denied (PIM activation)",
                        "failure",
                        "RoleAssignmentExists",
                        Pim("Global Administrator", GlobalAdminTemplate)
                    ),
                    By(
                        App("MS-PIM"),
                        E(
                            "Add member to role request denied (PIM activation)",
                            Pim("Global Administrator", GlobalAdminTemplate)
                        )
                    ),
                }
            ),
            ["EG0024 federation set, or a domain switched to federated"] = new(
                "EG0024",
                new[]
                {
                    E("Set federation settings on domain", Target("Domain", "contoso.com")),
                    E("Set federation settings on domain", "failure", null, Target("Domain", "contoso.com")),
                    E(
                        "Set domain authentication",
                        Target("Domain", "contoso.com", ("LiveType", "\"Managed\"", "\"Federated\""))
                    ),
                },
                new[]
                {
                    E(
                        "Set domain authentication",
                        Target("Domain", "contoso.com", ("LiveType", "\"Federated\"", "\"Managed\""))
                    ),
                }
            ),
            ["EG0025 domain added; onmicrosoft rates high"] = new(
                "EG0025",
                new[]
                {
                    E("Add unverified domain", Target("Domain", "contoso-backup.com")),
                    E("Verify domain", Target("Domain", "contoso-backup.com")),
                },
                new[]
                {
                    E("Add unverified domain", "failure", null, Target("Domain", "contoso-backup.com")),
                    E("Remove unverified domain", Target("Domain", "x.com")),
                }
            ),
            ["EG0026 trusted CAs for passwordless sign-in"] = new(
                "EG0026",
                new[]
                {
                    E(
                        "Set Company Information",
                        Target(
                            "Company",
                            "Contoso",
                            ("Included Updated Properties", null, "\"TrustedCAsForPasswordlessAuth\"")
                        )
                    ),
                    E(
                        "Set Company Information",
                        Target("Company", "Contoso", ("TrustedCAsForPasswordlessAuth", "[]", "[\"MIIC...\"]"))
                    ),
                },
                new[]
                {
                    E(
                        "Set Company Information",
                        Target(
                            "Company",
                            "Contoso",
                            ("Included Updated Properties", null, "\"TechnicalNotificationMails\"")
                        )
                    ),
                }
            ),
            ["EG0027 authentication methods policy"] = new(
                "EG0027",
                new[] { E("Authentication Methods Policy Update", Target("Other", "AuthenticationMethodsPolicy")) },
                new[]
                {
                    E(
                        "Authentication Methods Policy Update",
                        "failure",
                        null,
                        Target("Other", "AuthenticationMethodsPolicy")
                    ),
                }
            ),
            ["EG0028 cross-tenant partner added or removed"] = new(
                "EG0028",
                new[]
                {
                    E("Add a partner to cross-tenant access setting", Target("Policy", "partner")),
                    E("Delete partner specific cross-tenant access setting", Target("Policy", "partner")),
                },
                new[]
                {
                    E("Add a partner to cross-tenant access setting", "failure", null, Target("Policy", "partner")),
                }
            ),
            ["EG0029 partner inbound/outbound settings"] = new(
                "EG0029",
                new[]
                {
                    E(
                        "Update a partner cross-tenant access setting",
                        Target(
                            "Policy",
                            "partner",
                            ("b2bCollaborationInbound", "{}", "{\"usersAndGroups\":{\"accessType\":\"allowed\"}}")
                        )
                    ),
                    E(
                        "Update a partner cross-tenant access setting",
                        Target("Policy", "partner", ("b2bDirectConnectOutbound", "{}", "{\"applications\":{}}"))
                    ),
                },
                new[]
                {
                    E(
                        "Update a partner cross-tenant access setting",
                        Target("Policy", "partner", ("inboundTrust", "{}", "{\"isMfaAccepted\":true}"))
                    ),
                    E(
                        "Update a partner cross-tenant access setting",
                        Target(
                            "Policy",
                            "partner",
                            ("b2bCollaborationInbound", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}")
                        )
                    ),
                }
            ),
            ["EG0030 application key removed without one added"] = new(
                "EG0030",
                new[]
                {
                    E(
                        "Update application \u2013 Certificates and secrets management ",
                        Application("Payroll-Sync", Keys(Key("k1"), Key("k2")), Keys(Key("k1")))
                    ),
                },
                new[]
                {
                    E(
                        "Update application \u2013 Certificates and secrets management ",
                        Application("Payroll-Sync", Keys(Key("k1")), Keys(Key("k1"), Key("k2")))
                    ),
                    E(
                        "Update application \u2013 Certificates and secrets management ",
                        Application("Payroll-Sync", Keys(Key("k1")), Keys(Key("k2")))
                    ),
                }
            ),
            ["EG0031 redirect URIs"] = new(
                "EG0031",
                new[]
                {
                    E(
                        "Update application",
                        Target(
                            "Application",
                            "Payroll-Sync",
                            ("AppAddress", "[]", "[{\"Address\":\"https://evil.example/cb\"}]")
                        )
                    ),
                },
                new[]
                {
                    E("Update application", Target("Application", "Payroll-Sync", ("DisplayName", "\"a\"", "\"b\""))),
                    E("Update application", Target("Application", "Payroll-Sync")),
                }
            ),
            ["EG0032 identifier and logout URLs"] = new(
                "EG0032",
                new[]
                {
                    E(
                        "Update application",
                        Target("Application", "Payroll-Sync", ("AppIdentifierUri", "[]", "[\"api://payroll\"]"))
                    ),
                    E(
                        "Update service principal",
                        Target("ServicePrincipal", "Payroll-Sync", ("LogoutUrl", "\"\"", "\"https://x.example/out\""))
                    ),
                },
                new[]
                {
                    E(
                        "Update application",
                        "failure",
                        null,
                        Target("Application", "Payroll-Sync", ("AppIdentifierUri", "[]", "[\"api://payroll\"]"))
                    ),
                }
            ),
            ["EG0033 federated identity credentials"] = new(
                "EG0033",
                new[]
                {
                    E(
                        "Update application",
                        Target(
                            "Application",
                            "Payroll-Sync",
                            (
                                "FederatedIdentityCredentials",
                                "[]",
                                "[{\"Issuer\":\"https://token.actions.githubusercontent.com\"}]"
                            )
                        )
                    ),
                },
                new[] { E("Update application", Target("Application", "Payroll-Sync", ("AppAddress", "[]", "[]"))) }
            ),
            ["EG0034 service principal created, not by Azure's own services"] = new(
                "EG0034",
                new[] { E("Add service principal", Target("ServicePrincipal", "Backup-Helper")) },
                new[]
                {
                    By(
                        App("Managed Service Identity"),
                        E("Add service principal", Target("ServicePrincipal", "vm-identity"))
                    ),
                    E("Add service principal", "failure", null, Target("ServicePrincipal", "Backup-Helper")),
                }
            ),
            ["EG0035 application or service principal deleted"] = new(
                "EG0035",
                new[]
                {
                    E("Delete application", Application("Backup-Helper")),
                    E("Hard Delete application", Application("Backup-Helper")),
                    E("Remove service principal", ServicePrincipal("Backup-Helper")),
                },
                new[] { E("Restore application", Application("Backup-Helper")) }
            ),
            ["EG0036 owner removed"] = new(
                "EG0036",
                new[]
                {
                    E("Remove owner from application", Application("Payroll-Sync")),
                    E("Remove owner from service principal", ServicePrincipal("Payroll-Sync")),
                },
                new[] { E("Remove owner from group", Target("Group", "Sales")) }
            ),
            ["EG0073 a password reset whose actor is the target"] = new(
                "EG0073",
                new[]
                {
                    E("Reset password (by admin)", TargetUser("megan")),
                    E("Reset user password", TargetUser("megan")),
                },
                new[]
                {
                    E("Reset user password", TargetUser("lee")),
                    E("Reset user password"),
                    E("Reset user password", "failure", null, TargetUser("megan")),
                    E("Reset password (self-service)", TargetUser("megan")),
                    E("Update user", TargetUser("megan")),
                }
            ),
            ["EG0038 privileged permissions by app role, delegated grant or consent"] = new(
                "EG0038",
                new[]
                {
                    E(
                        "Add app role assignment to service principal",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("AppRole.Value", null, "\"RoleManagement.ReadWrite.Directory\"")
                        )
                    ),
                    E(
                        "Add delegated permission grant",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("DelegatedPermissionGrant.Scope", null, "\"User.Read AppRoleAssignment.ReadWrite.All\"")
                        )
                    ),
                    E(
                        "Consent to application",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("ConsentAction.Permissions", null, Consent("full_access_as_app", "AllPrincipals"))
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Add app role assignment to service principal",
                        Target("ServicePrincipal", "Backup-Helper", ("AppRole.Value", null, "\"User.Read.All\""))
                    ),
                    E(
                        "Add app role assignment to service principal",
                        "failure",
                        null,
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("AppRole.Value", null, "\"RoleManagement.ReadWrite.Directory\"")
                        )
                    ),
                }
            ),
            ["EG0039 application permission to mail or files"] = new(
                "EG0039",
                new[]
                {
                    E(
                        "Add app role assignment to service principal",
                        Target("ServicePrincipal", "Backup-Helper", ("AppRole.Value", null, "\"Mail.Read\""))
                    ),
                },
                new[]
                {
                    E(
                        "Add app role assignment to service principal",
                        Target("ServicePrincipal", "Backup-Helper", ("AppRole.Value", null, "\"User.Read.All\""))
                    ),
                    E("Add app role assignment to service principal", ServicePrincipal("Payroll-Sync")),
                }
            ),
            ["EG0040 delegated permission grant"] = new(
                "EG0040",
                new[] { E("Add delegated permission grant", Target("ServicePrincipal", "Backup-Helper")) },
                new[] { E("Remove delegated permission grant", Target("ServicePrincipal", "Backup-Helper")) }
            ),
            ["EG0041 consent blocked as risky"] = new(
                "EG0041",
                new[]
                {
                    E(
                        "Consent to application",
                        "failure",
                        "Microsoft.Online.Security.UserConsentBlockedForRiskyAppsException",
                        Target("ServicePrincipal", "Lure")
                    ),
                    E(
                        "Consent to application",
                        "failure",
                        null,
                        Target(
                            "ServicePrincipal",
                            "Lure",
                            (
                                "MethodExecutionResult.",
                                null,
                                "\"Microsoft.Online.Security.UserConsentBlockedForRiskyAppsException\""
                            )
                        )
                    ),
                },
                new[]
                {
                    E("Consent to application", "failure", "User cancelled", Target("ServicePrincipal", "Lure")),
                    E("Consent to application", "success", "Risky", Target("ServicePrincipal", "Lure")),
                }
            ),
            ["EG0042 user consent to mail or files with offline access"] = new(
                "EG0042",
                new[]
                {
                    E(
                        "Consent to application",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("ConsentAction.Permissions", null, Consent("Mail.Read Files.ReadWrite.All offline_access"))
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Consent to application",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("ConsentAction.Permissions", null, Consent("Mail.Read offline_access", "AllPrincipals"))
                        )
                    ),
                    E(
                        "Consent to application",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("ConsentAction.Permissions", null, Consent("User.Read offline_access"))
                        )
                    ),
                    E(
                        "Consent to application",
                        Target(
                            "ServicePrincipal",
                            "Backup-Helper",
                            ("ConsentAction.Permissions", null, Consent("Mail.Read"))
                        )
                    ),
                }
            ),
            ["EG0043 per-user MFA disabled"] = new(
                "EG0043",
                new[] { E("Disable Strong Authentication", TargetUser("lee.gu")) },
                new[]
                {
                    E(
                        "Update user",
                        Target(
                            "User",
                            "lee.gu",
                            ("StrongAuthenticationRequirement", "[]", "[{\"RelyingParty\":\"*\",\"State\":1}]")
                        )
                    ),
                    E("Update user", Target("User", "lee.gu", ("Department", "\"a\"", "\"b\""))),
                }
            ),
            ["EG0044 user reported suspicious activity"] = new(
                "EG0044",
                new[] { E("Suspicious activity reported", TargetUser("lee.gu")) },
                new[] { E("Suspicious activity reported", "failure", null, TargetUser("lee.gu")) }
            ),
            ["EG0045 user risk and MFA registration policy"] = new(
                "EG0045",
                new[] { E("Update User Risk and MFA Registration Policy") },
                new[] { E("Update policy") }
            ),
            ["EG0046 CA policy deleted"] = new(
                "EG0046",
                new[] { E("Delete conditional access policy", Target("Policy", "MFA for admins")) },
                new[] { E("Delete conditional access policy", "failure", null, Target("Policy", "MFA for admins")) }
            ),
            ["EG0047 CA policy added"] = new(
                "EG0047",
                new[] { E("Add conditional access policy", Target("Policy", "Trust new location")) },
                new[] { E("Add named location", Target("Policy", "Somewhere")) }
            ),
            ["EG0048 CA policy enabled -> disabled or report-only"] = new(
                "EG0048",
                new[]
                {
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            ("ConditionalAccessPolicy", Policy("enabled", "\"mfa\""), Policy("disabled", "\"mfa\""))
                        )
                    ),
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            (
                                "ConditionalAccessPolicy",
                                Policy("enabled", "\"mfa\""),
                                Policy("enabledForReportingButNotEnforced", "\"mfa\"")
                            )
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            ("ConditionalAccessPolicy", Policy("disabled", "\"mfa\""), Policy("enabled", "\"mfa\""))
                        )
                    ),
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            (
                                "ConditionalAccessPolicy",
                                Policy("enabled", "\"mfa\""),
                                Policy("enabled", "\"mfa\",\"compliantDevice\"")
                            )
                        )
                    ),
                }
            ),
            ["EG0049 MFA grant control removed"] = new(
                "EG0049",
                new[]
                {
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            (
                                "ConditionalAccessPolicy",
                                Policy("enabled", "\"mfa\""),
                                Policy("enabled", "\"compliantDevice\"")
                            )
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update conditional access policy",
                        Target(
                            "Policy",
                            "MFA",
                            (
                                "ConditionalAccessPolicy",
                                Policy("enabled", "\"compliantDevice\""),
                                Policy("enabled", "\"mfa\"")
                            )
                        )
                    ),
                }
            ),
            ["EG0050 external user invited, also when it failed"] = new(
                "EG0050",
                new[]
                {
                    E("Invite external user", TargetUser("partner_fabrikam.com#EXT#")),
                    E("Invite external user", "failure", null, TargetUser("x_gmail.com#EXT#")),
                },
                new[] { E("Redeem external user invite", TargetUser("partner_fabrikam.com#EXT#")) }
            ),
            ["EG0056 user created or deleted"] = new(
                "EG0056",
                new[] { E("Add user", TargetUser("new.hire")), E("Delete user", TargetUser("leaver")) },
                new[] { E("Add user", "failure", null, TargetUser("new.hire")), E("Update user", TargetUser("lee.gu")) }
            ),
            ["EG0058 BitLocker key read"] = new(
                "EG0058",
                new[] { E("Read BitLocker key", Target("Device", "LAPTOP-1")) },
                new[] { E("Read BitLocker key", "failure", null, Target("Device", "LAPTOP-1")) }
            ),
            ["EG0059 LAPS password recovered"] = new(
                "EG0059",
                new[] { E("Recover device local administrator password", Target("Device", "LAPTOP-1")) },
                new[] { E("Update device local administrator password", Target("Device", "LAPTOP-1")) }
            ),
            ["EG0060 device registration policy"] = new(
                "EG0060",
                new[] { E("Set device registration policies") },
                new[] { E("Set device registration policies", "failure", null) }
            ),
            ["EG0061 device left compliance or management"] = new(
                "EG0061",
                new[]
                {
                    E("Device no longer compliant", Target("Device", "LAPTOP-1")),
                    E("Device no longer managed", Target("Device", "LAPTOP-1")),
                },
                new[] { E("Update device", Target("Device", "LAPTOP-1")) }
            ),
            ["EG0062 attack-tool OS build with a default name"] = new(
                "EG0062",
                new[]
                {
                    E(
                        "Add device",
                        Target("Device", "DESKTOP-8F3K2LQ", ("DeviceOSVersion", null, "\"10.0.19041.928\""))
                    ),
                },
                new[]
                {
                    E("Add device", Target("Device", "LAPTOP-42", ("DeviceOSVersion", null, "\"10.0.19041.928\""))),
                    E(
                        "Add device",
                        Target("Device", "DESKTOP-8F3K2LQ", ("DeviceOSVersion", null, "\"10.0.22631.4460\""))
                    ),
                }
            ),
            ["EG0064 guest to member, not member to guest or a guest left a guest"] = new(
                "EG0064",
                new[]
                {
                    E("Update user", Target("User", "ext.partner", ("UserType", "[\"Guest\"]", "[\"Member\"]"))),
                    E("Update user", Target("User", "ext.partner", ("UserType", "\"Guest\"", "\"member\""))),
                },
                new[]
                {
                    E("Update user", Target("User", "ext.partner", ("UserType", "[\"Member\"]", "[\"Guest\"]"))),
                    E("Update user", Target("User", "ext.partner", ("UserType", "[\"Guest\"]", "[\"Guest\"]"))),
                    E("Update user", Target("User", "ext.partner", ("Department", "[]", "[\"Sales\"]"))),
                    E(
                        "Update user",
                        "failure",
                        null,
                        Target("User", "ext.partner", ("UserType", "[\"Guest\"]", "[\"Member\"]"))
                    ),
                }
            ),
            ["EG0065 per-user MFA requirement cleared or set to state 0"] = new(
                "EG0065",
                new[]
                {
                    E("Update user", Target("User", "lee.gu", ("StrongAuthenticationRequirement", Mfa(1), "[]"))),
                    E("Update user", Target("User", "lee.gu", ("StrongAuthenticationRequirement", Mfa(1), Mfa(0)))),
                },
                new[]
                {
                    E("Update user", Target("User", "lee.gu", ("StrongAuthenticationRequirement", "[]", Mfa(1)))),
                    E("Update user", Target("User", "lee.gu", ("StrongAuthenticationRequirement", Mfa(0), Mfa(1)))),
                    E("Update user", Target("User", "lee.gu", ("AccountEnabled", "[true]", "[false]"))),
                }
            ),
            ["EG0066 internal name becomes #EXT#, not a rename of an external account"] = new(
                "EG0066",
                new[]
                {
                    E(
                        "Update user",
                        Target(
                            "User",
                            "lee.gu",
                            ("UserPrincipalName", "[\"lee.gu@contoso.com\"]", "[\"lee_fabrikam.com#EXT#@contoso.com\"]")
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update user",
                        Target(
                            "User",
                            "ext",
                            ("UserPrincipalName", "[\"a_x.com#EXT#@contoso.com\"]", "[\"b_x.com#EXT#@contoso.com\"]")
                        )
                    ),
                    E(
                        "Update user",
                        Target("User", "lee.gu", ("UserPrincipalName", "[\"lee@contoso.com\"]", "[\"lg@contoso.com\"]"))
                    ),
                }
            ),
            ["EG0067 exclusions or platforms changed, not the state or included users"] = new(
                "EG0067",
                new[]
                {
                    E("Update conditional access policy", CaPolicy(Exclusions("[]"), Exclusions("[\"u-1\"]"))),
                    E("Update conditional access policy", CaPolicy(Exclusions("[\"u-1\"]"), Exclusions("[]"))),
                    E(
                        "Update conditional access policy",
                        CaPolicy(
                            "{\"conditions\":{\"platforms\":{\"excludePlatforms\":[]}}}",
                            "{\"conditions\":{\"platforms\":{\"excludePlatforms\":[\"linux\"]}}}"
                        )
                    ),
                },
                new[]
                {
                    E("Update conditional access policy", CaPolicy(Exclusions("[\"u-1\"]"), Exclusions("[\"U-1\"]"))),
                    E(
                        "Update conditional access policy",
                        CaPolicy(
                            "{\"conditions\":{\"users\":{\"includeUsers\":[\"All\"]}}}",
                            "{\"conditions\":{\"users\":{\"includeUsers\":[\"u-2\"]}}}"
                        )
                    ),
                }
            ),
            ["EG0068 a new issuer, not a renamed credential of the same issuer"] = new(
                "EG0068",
                new[]
                {
                    E(
                        "Update application",
                        Target(
                            "Application",
                            "Deploy",
                            ("FederatedIdentityCredentials", "[]", Fic("https://evil.example"))
                        )
                    ),
                    E(
                        "Update application",
                        Target(
                            "Application",
                            "Deploy",
                            ("FederatedIdentityCredentials", Fic(GitHub), Fic("https://evil.example"))
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update application",
                        Target(
                            "Application",
                            "Deploy",
                            ("FederatedIdentityCredentials", Fic(GitHub, "main"), Fic(GitHub, "release"))
                        )
                    ),
                }
            ),
            ["EG0069 renamed and no longer compliant in one update"] = new(
                "EG0069",
                new[]
                {
                    E(
                        "Update device",
                        Target(
                            "Device",
                            "DESKTOP-1",
                            ("DisplayName", "[\"LAPTOP-7\"]", "[\"DESKTOP-1\"]"),
                            ("IsCompliant", "[true]", "[false]")
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update device",
                        Target(
                            "Device",
                            "LAPTOP-7",
                            ("DisplayName", "[\"LAPTOP-7\"]", "[\"LAPTOP-7\"]"),
                            ("IsCompliant", "[true]", "[false]")
                        )
                    ),
                    E(
                        "Update device",
                        Target(
                            "Device",
                            "DESKTOP-1",
                            ("DisplayName", "[\"LAPTOP-7\"]", "[\"DESKTOP-1\"]"),
                            ("IsCompliant", "[false]", "[true]")
                        )
                    ),
                }
            ),
            ["EG0070 an #EXT# member or owner added to a group, not an internal one"] = new(
                "EG0070",
                new[]
                {
                    E("Add member to group", Guest("partner_fabrikam.com#EXT#@contoso.com"), Target("Group", "Sales")),
                    E("Add owner to group", Guest("partner_fabrikam.com#EXT#@contoso.com"), Target("Group", "Sales")),
                },
                new[]
                {
                    E("Add member to group", Guest("lee.gu@contoso.com"), Target("Group", "Sales")),
                    E(
                        "Add member to group",
                        "failure",
                        null,
                        Guest("partner_fabrikam.com#EXT#@contoso.com"),
                        Target("Group", "Sales")
                    ),
                }
            ),
            ["EG0071 attack tools' scope sets by a user, not broader sets or tenant-wide consent"] = new(
                "EG0071",
                new[]
                {
                    E("Consent to application", Permissions(Consent("Files.ReadWrite.All"))),
                    E("Consent to application", Permissions(Consent("User.Read Tasks.ReadWrite"))),
                    E(
                        "Consent to application",
                        Permissions(
                            Consent("openid Contacts.Read User.Read Mail.Read Mail.Send Notes.Read.All Files.Read.All")
                        )
                    ),
                },
                new[]
                {
                    E("Consent to application", Permissions(Consent("Files.ReadWrite.All offline_access"))),
                    E("Consent to application", Permissions(Consent("Files.ReadWrite.All", "AllPrincipals"))),
                    E("Consent to application", Permissions(Consent("Mail.Read Mail.Send Files.ReadWrite.All"))),
                    E("Consent to application", Permissions(Consent("Tasks.ReadWrite"))),
                }
            ),
            ["EG0072 a dynamic membership rule changed, not left as it was"] = new(
                "EG0072",
                new[]
                {
                    E(
                        "Update group",
                        Target(
                            "Group",
                            "CA-Excluded",
                            ("MembershipRule", "\"user.department -eq \\\"IT\\\"\"", "\"user.accountEnabled -eq true\"")
                        )
                    ),
                },
                new[]
                {
                    E(
                        "Update group",
                        Target("Group", "CA-Excluded", ("MembershipRule", "\"user.city -eq 1\"", "\"user.city -eq 1\""))
                    ),
                    E("Update group", Target("Group", "CA-Excluded", ("Description", "\"a\"", "\"b\""))),
                }
            ),
        };

        private static TargetResource Permissions(string consent) =>
            Target("ServicePrincipal", "Suspicious-App", ("ConsentAction.Permissions", null, consent));

        private static TargetResource Guest(string userPrincipalName) =>
            new()
            {
                Id = "u-" + userPrincipalName,
                Type = "User",
                UserPrincipalName = userPrincipalName,
            };

        private const string GitHub = "https://token.actions.githubusercontent.com";

        private static string Mfa(int state) =>
            "[{\"RelyingParty\":\"*\",\"State\":"
            + state
            + ",\"RememberDevicesNotIssuedBefore\":\"2026-01-01T00:00:00Z\"}]";

        private static string Fic(string issuer, string subject = "repo:contoso/app:ref:refs/heads/main") =>
            "[{\"Name\":\"deploy\",\"Issuer\":\"" + issuer + "\",\"Subject\":\"" + subject + "\"}]";

        private static string Exclusions(string users) =>
            "{\"state\":\"enabled\",\"conditions\":{\"users\":{\"includeUsers\":[\"All\"],\"excludeUsers\":"
            + users
            + "}}}";

        // Entra writes the policy as JSON inside a JSON string: the engine reads it either way.
        private static TargetResource CaPolicy(string before, string after) =>
            Target(
                "Policy",
                "MFA for all",
                ("ConditionalAccessPolicy", System.Text.Json.JsonSerializer.Serialize(before), after)
            );

        public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(name => new object[] { name });

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void A_rule_flags_its_events_and_not_the_near_misses(string name)
        {
            var (ruleId, hits, misses) = Cases[name];
            var findings = Scan(misses.Concat(hits), ruleId).Findings;
            Assert.Equal(
                hits.Select(e => e.Id).OrderBy(id => id),
                findings.Select(f => f.EventIds.Single()).OrderBy(id => id)
            );
            Assert.All(findings, f => Assert.Equal(ruleId, f.RuleId));
        }

        [Fact]
        public void Every_parity_match_rule_has_a_case()
        {
            var covered = Cases.Values.Select(c => c.RuleId).ToHashSet();
            var stateful = new[] { RuleKind.NewTerms, RuleKind.Threshold, RuleKind.Sequence };
            var matchRules = RuleCatalog.BuiltIn.Rules.Where(r =>
                string.CompareOrdinal(r.Id, "EG0014") >= 0 && !stateful.Contains(r.Kind)
            );
            var untested = matchRules.Select(r => r.Id).Except(covered).ToList();
            Assert.True(untested.Count == 0, "no case for " + string.Join(", ", untested));
        }

        [Fact]
        public void Escalations_raise_onmicrosoft_domains_admin_roles_for_apps_and_risky_auth_methods()
        {
            Assert.Equal(
                Severity.High,
                Single("EG0025", E("Add unverified domain", Target("Domain", "contosobackup.onmicrosoft.com"))).Severity
            );
            Assert.Equal(
                Severity.High,
                Single(
                    "EG0016",
                    E(
                        "Add member to role",
                        Member("ServicePrincipal", "Backup-Helper", "Application Administrator", "")
                    )
                ).Severity
            );
            Assert.Equal(
                Severity.High,
                Single(
                    "EG0016",
                    E(
                        "Add member to role in PIM completed (permanent)",
                        new TargetResource
                        {
                            Id = "r",
                            DisplayName = "Exchange Administrator",
                            Type = "Role",
                        },
                        ServicePrincipal("Backup-Helper")
                    )
                ).Severity
            );
            var x509 = Target(
                "Other",
                "AuthenticationMethodsPolicy",
                ("AuthenticationMethodsPolicy", "{}", "{\"X509Certificate\":{\"state\":\"enabled\"}}")
            );
            Assert.Equal(Severity.High, Single("EG0027", E("Authentication Methods Policy Update", x509)).Severity);
        }

        [Fact]
        public void EG0009_sees_the_user_side_and_create_records_of_a_temporary_access_pass()
        {
            var userSide = E(
                "User registered security info",
                "success",
                "User registered temporary access pass method",
                TargetUser("lee.gu")
            );
            var created = E("Create Temporary Access Pass method for user", TargetUser("lee.gu"));
            var authenticator = E(
                "User registered security info",
                "success",
                "User registered Microsoft Authenticator App",
                TargetUser("lee.gu")
            );
            var findings = Scan(new[] { userSide, created, authenticator }, "EG0009").Findings;
            Assert.Equal(
                new[] { userSide.Id, created.Id }.OrderBy(i => i),
                findings.Select(f => f.EventIds.Single()).OrderBy(i => i)
            );
        }

        [Fact]
        public void EG0022_first_activation_of_a_role_by_an_account_only()
        {
            AuditEvent Activation(string time, string role) =>
                Event(
                    "a" + ++_serial,
                    time,
                    "Add member to role completed (PIM activation)",
                    Megan,
                    Pim(role, role + "-id")
                );
            var first = Activation("2026-11-10T08:00:00Z", "Helpdesk Administrator");
            var again = Activation("2026-11-12T08:00:00Z", "Helpdesk Administrator");
            var otherRole = Activation("2026-11-12T09:00:00Z", "Global Administrator");
            var findings = Scan(new[] { first, again, otherRole }, "EG0022").Findings;
            Assert.Equal(new[] { first.Id, otherRole.Id }, findings.Select(f => f.EventIds.Single()));
        }

        [Fact]
        public void EG0023_ten_admin_grants_by_one_account_within_an_hour()
        {
            var grants = Enumerable
                .Range(0, 10)
                .Select(i =>
                    Event(
                        $"b{i}",
                        $"2026-11-13T02:{i * 5:00}:00Z",
                        "Add member to role",
                        Megan,
                        new[] { Member("User", "user" + i, "Helpdesk Administrator", HelpdeskTemplate) }
                    )
                )
                .ToList();
            var readers = Enumerable
                .Range(0, 10)
                .Select(i =>
                    Event(
                        $"r{i}",
                        $"2026-11-13T03:{i:00}:00Z",
                        "Add member to role",
                        Megan,
                        new[] { Member("User", "user" + i, "Directory Readers", ReaderTemplate) }
                    )
                );
            var finding = Assert.Single(Scan(grants.Concat(readers), "EG0023").Findings);
            Assert.Equal(grants.Select(e => e.Id), finding.EventIds);
            Assert.Empty(Scan(grants.Take(9), "EG0023").Findings);
        }

        [Fact]
        public void EG0037_a_credential_within_two_days_after_consent_on_the_same_service_principal()
        {
            var consent = Event(
                "c1",
                "2026-11-13T02:22:00Z",
                "Consent to application",
                Megan,
                new[] { ServicePrincipal("Backup-Helper") }
            );
            var credential = CredentialAdded("k1", "2026-11-14T02:00:00Z", Megan, "Backup-Helper");
            var late = CredentialAdded("k2", "2026-11-16T02:00:00Z", Megan, "Backup-Helper");
            var elsewhere = CredentialAdded("k3", "2026-11-13T03:00:00Z", Megan, "Payroll-Sync");
            var before = CredentialAdded("k0", "2026-11-13T02:00:00Z", Megan, "Other");
            var finding = Assert.Single(
                Scan(new[] { consent, credential, late, elsewhere, before }, "EG0037").Findings
            );
            Assert.Equal(new[] { "c1", "k1" }, finding.EventIds);
            Assert.Equal("k-new", finding.KeyId);
        }

        [Fact]
        public void Account_sequences_follow_the_target_user()
        {
            var invite = Event(
                "i1",
                "2026-11-13T02:00:00Z",
                "Invite external user",
                Megan,
                new[] { Target("User", "guest") }
            );
            var grant = Event(
                "i2",
                "2026-11-13T02:30:00Z",
                "Add member to role",
                Megan,
                new[] { Member("User", "guest", "Helpdesk Administrator", HelpdeskTemplate) }
            );
            var created = Event("u1", "2026-11-13T02:00:00Z", "Add user", Megan, new[] { Target("User", "guest") });
            var deleted = Event("u2", "2026-11-18T02:00:00Z", "Delete user", Megan, new[] { Target("User", "guest") });
            var otherDeleted = Event(
                "u3",
                "2026-11-13T03:00:00Z",
                "Delete user",
                Megan,
                new[] { TargetUser("someone") }
            );
            var events = new[] { invite, grant, created, deleted, otherDeleted };

            Assert.Equal(new[] { "i1", "i2" }, Assert.Single(Scan(events, "EG0054").Findings).EventIds);
            Assert.Equal(new[] { "u1", "u2" }, Assert.Single(Scan(events, "EG0055").Findings).EventIds);
            Assert.Equal(new[] { "u1", "i2" }, Assert.Single(Scan(events, "EG0057").Findings).EventIds);
            Assert.Empty(Scan(events.Where(e => e.Id != "u1"), "EG0057").Findings);
        }

        [Fact]
        public void EG0063_three_device_registrations_by_one_user_in_fifteen_minutes()
        {
            AuditEvent Register(string id, string time, AuditActor actor) =>
                Event(id, time, "Register device", actor, new[] { Target("Device", "DESKTOP-" + id) });
            var burst = new[]
            {
                Register("d1", "2026-11-13T02:00:00Z", Megan),
                Register("d2", "2026-11-13T02:05:00Z", Megan),
                Register("d3", "2026-11-13T02:14:00Z", Megan),
            };
            var sync = new[]
            {
                Register("s1", "2026-11-13T02:00:00Z", App("Sync")),
                Register("s2", "2026-11-13T02:01:00Z", App("Sync")),
                Register("s3", "2026-11-13T02:02:00Z", App("Sync")),
            };
            Assert.Equal(
                new[] { "d1", "d2", "d3" },
                Assert.Single(Scan(burst.Concat(sync), "EG0063").Findings).EventIds
            );
            Assert.Empty(Scan(burst.Take(2), "EG0063").Findings);
        }

        [Fact]
        public void EG0063_counts_distinct_device_names_not_registrations()
        {
            AuditEvent Register(string id, string time, string device) =>
                Event(id, time, "Register device", Megan, new[] { Target("Device", device) });
            var sameDevice = new[]
            {
                Register("r1", "2026-11-13T02:00:00Z", "DESKTOP-1"),
                Register("r2", "2026-11-13T02:04:00Z", "desktop-1"),
                Register("r3", "2026-11-13T02:08:00Z", "DESKTOP-1"),
            };
            Assert.Empty(Scan(sameDevice, "EG0063").Findings);
            var third = Register("r4", "2026-11-13T02:10:00Z", "DESKTOP-2");
            var another = Register("r5", "2026-11-13T02:12:00Z", "DESKTOP-3");
            Assert.Equal(
                new[] { "r1", "r2", "r3", "r4", "r5" },
                Assert.Single(Scan(sameDevice.Append(third).Append(another), "EG0063").Findings).EventIds
            );
        }

        [Fact]
        public void EG0023_needs_ten_different_users_not_ten_grants()
        {
            var repeated = Enumerable
                .Range(0, 12)
                .Select(i =>
                    Event(
                        $"g{i}",
                        $"2026-11-13T02:{i * 4:00}:00Z",
                        "Add member to role",
                        Megan,
                        new[] { Member("User", "user" + (i % 9), "Helpdesk Administrator", HelpdeskTemplate) }
                    )
                )
                .ToList();
            Assert.Empty(Scan(repeated, "EG0023").Findings);
            var tenth = Event(
                "g12",
                "2026-11-13T02:50:00Z",
                "Add member to role",
                Megan,
                new[] { Member("User", "user9", "Helpdesk Administrator", HelpdeskTemplate) }
            );
            Assert.Equal(13, Assert.Single(Scan(repeated.Append(tenth), "EG0023").Findings).EventIds.Count);
        }

        /// <summary>An app role assignment as Core Directory records it: the resource (Microsoft Graph) is the
        /// target, the service principal that receives the role is named in its modified properties.</summary>
        private static AuditEvent AppRoleGranted(string id, string time, string permission, string grantee) =>
            Event(
                id,
                time,
                "Add app role assignment to service principal",
                Megan,
                new[]
                {
                    Target(
                        "ServicePrincipal",
                        "Microsoft Graph",
                        ("AppRole.Value", null, Quoted(permission)),
                        ("ServicePrincipal.ObjectID", null, Quoted("sp-" + grantee)),
                        ("ServicePrincipal.DisplayName", null, Quoted(grantee))
                    ),
                }
            );

        [Fact]
        public void EG0074_the_service_principal_granted_role_management_then_assigns_an_admin_role()
        {
            var grant = AppRoleGranted("a1", "2026-11-13T02:00:00Z", "RoleManagement.ReadWrite.Directory", "Backup");
            var promote = Event(
                "a2",
                "2026-11-13T02:20:00Z",
                "Add member to role",
                App("Backup"),
                new[] { Member("User", "mallory", "Global Administrator", GlobalAdminTemplate) }
            );
            Assert.Equal(
                new[] { "a1", "a2" },
                Assert.Single(Scan(new[] { grant, promote }, "EG0074").Findings).EventIds
            );

            var otherApp = By(App("Payroll"), promote);
            var readerRole = Event(
                "a3",
                "2026-11-13T02:30:00Z",
                "Add member to role",
                App("Backup"),
                new[] { Member("User", "lee", "Directory Readers", ReaderTemplate) }
            );
            var mailGrant = AppRoleGranted("a0", "2026-11-13T01:00:00Z", "Mail.Read", "Backup");
            Assert.Empty(Scan(new[] { grant, otherApp, readerRole }, "EG0074").Findings);
            Assert.Empty(Scan(new[] { mailGrant, promote }, "EG0074").Findings);
            // The key moves from the grant's property to the actor: a promotion before the grant is no sequence.
            var early = AppRoleGranted("a4", "2026-11-13T03:00:00Z", "RoleManagement.ReadWrite.Directory", "Backup");
            Assert.Empty(Scan(new[] { promote, early }, "EG0074").Findings);

            // Read from JSON keeping only the records a step watching their activity may match (not the Mail.Read
            // grant), the scan finds the same.
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0074" }));
            var output = new System.IO.StringWriter();
            using (var writer = new EntraGuard.Ingest.AuditEventJsonWriter(output))
            {
                foreach (var e in new[] { mailGrant, grant, readerRole, promote })
                    writer.Write(e);
            }
            var kept = new List<string>();
            var filter = engine.ActivityFilter();
            var read = EntraGuard.Ingest.AuditEventReader.ReadStream(
                new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(output.ToString())),
                "steps.json",
                new EntraGuard.Ingest.AuditReadOptions
                {
                    KeepRecord = (activity, record) =>
                    {
                        var keep = filter(activity, record);
                        if (keep)
                            kept.Add(System.Text.Encoding.UTF8.GetString(record.Json).Split('"')[3]);
                        return keep;
                    },
                }
            );
            Assert.Equal(new[] { "a1", "a2" }, Assert.Single(engine.Scan(read).Findings).EventIds);
            Assert.Equal(new[] { grant.Id, readerRole.Id, promote.Id }, kept);
        }

        [Fact]
        public void EG0075_tool_registration_then_user_and_owner_in_one_operation()
        {
            AuditEvent Step(
                string id,
                string time,
                string activity,
                string correlation,
                string? agent,
                params TargetResource[] targets
            )
            {
                var e = Event(id, time, activity, App("Device Registration Service"), targets);
                return new AuditEvent
                {
                    Id = e.Id,
                    ActivityDateTime = e.ActivityDateTime,
                    ActivityDisplayName = e.ActivityDisplayName,
                    Result = e.Result,
                    InitiatedBy = e.InitiatedBy,
                    TargetResources = e.TargetResources,
                    CorrelationId = correlation,
                    UserAgent = agent,
                };
            }
            var device = Target("Device", "DESKTOP-X", ("CloudAccountEnabled", null, "[true]"));
            var add = Step(
                "d1",
                "2026-11-13T02:00:00Z",
                "Add device",
                "c1",
                "Dsreg/10.0 (Windows 10.0.19044.1826)",
                device
            );
            var users = Step(
                "d2",
                "2026-11-13T02:00:05Z",
                "Add registered users to device",
                "c1",
                null,
                TargetUser("megan")
            );
            var owner = Step(
                "d3",
                "2026-11-13T02:00:09Z",
                "Add registered owner to device",
                "c1",
                null,
                TargetUser("megan")
            );
            Assert.Equal(
                new[] { "d1", "d2", "d3" },
                Assert.Single(Scan(new[] { add, users, owner }, "EG0075").Findings).EventIds
            );

            var browser = Step("d4", "2026-11-13T02:00:00Z", "Add device", "c1", "Mozilla/5.0", device);
            var otherOperation = Step(
                "d5",
                "2026-11-13T02:00:09Z",
                "Add registered owner to device",
                "c2",
                null,
                TargetUser("megan")
            );
            Assert.Empty(Scan(new[] { browser, users, owner }, "EG0075").Findings);
            Assert.Empty(Scan(new[] { add, users, otherOperation }, "EG0075").Findings);
        }

        [Fact]
        public void EG0076_a_new_global_administrator_removes_two_others()
        {
            // The new administrator's object id is the same in the grant's target and in the removals' actor.
            var mallory = new AuditActor { UserId = "user-mallory", UserPrincipalName = "mallory@contoso.com" };
            var grant = Event(
                "m1",
                "2026-11-10T02:00:00Z",
                "Add member to role",
                Megan,
                new[] { Member("User", "mallory", "Global Administrator", GlobalAdminTemplate) }
            );
            AuditEvent Removal(string id, string time, AuditActor actor, string admin) =>
                Event(
                    id,
                    time,
                    "Remove member from role",
                    actor,
                    new[]
                    {
                        Target(
                            "User",
                            admin,
                            ("Role.DisplayName", Quoted("Global Administrator"), null),
                            ("Role.TemplateId", Quoted(GlobalAdminTemplate), null)
                        ),
                    }
                );
            var first = Removal("m2", "2026-11-13T02:00:00Z", mallory, "megan");
            var second = Removal("m3", "2026-11-13T02:05:00Z", mallory, "lee");
            Assert.Equal(
                new[] { "m1", "m2", "m3" },
                Assert.Single(Scan(new[] { grant, first, second }, "EG0076").Findings).EventIds
            );
            Assert.Empty(Scan(new[] { grant, first }, "EG0076").Findings);
            var byOther = Removal("m4", "2026-11-13T02:05:00Z", User("lee"), "ana");
            Assert.Empty(Scan(new[] { grant, first, byOther }, "EG0076").Findings);
            var late = Removal("m5", "2026-11-18T02:05:00Z", mallory, "ana");
            Assert.Empty(Scan(new[] { grant, first, late }, "EG0076").Findings);
        }

        private static RiskEvent Single(string ruleId, AuditEvent auditEvent) =>
            Assert.Single(Scan(new[] { auditEvent }, ruleId).Findings);
    }
}
