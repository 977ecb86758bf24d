using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Export;

namespace EntraGuard.Tests.Export
{
    /// <summary>Rules the export tests share: the catalog, and user rules that use every field path and
    /// operator.</summary>
    internal static class ExportFixtures
    {
        public static readonly DateTime SnapshotDate = new(2026, 11, 15, 0, 0, 0, DateTimeKind.Utc);

        public static ExportOptions Options(EntraGuardSettings? settings = null) =>
            new() { Settings = settings ?? new EntraGuardSettings(), Date = SnapshotDate };

        public static IReadOnlyList<Rule> Catalog => RuleCatalog.BuiltIn.Rules;

        /// <summary>A user rule file: every field path, every operator, negation, escalation and every kind.</summary>
        public const string UserRulesYaml =
            @"
- id: USER-FIELDS
  name: Consent from outside the office network
  description: Every field path and operator the rule language has, so the exports are checked on all of them.
  severity: medium
  riskScore: 50
  tactics: [TA0006]
  techniques: [T1528]
  match:
    activities: ['Consent to application', 'Update application – Certificates and secrets management ']
    result: any
    where:
      - { field: initiatedBy.ipAddress, cidr: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'], not: true }
      - { field: initiatedBy.user.userPrincipalName, startswith: [admin, ops] }
      - { field: initiatedBy.name, contains: 'a' }
      - { field: initiatedBy.type, equals: User }
      - { field: initiatedBy.key, exists: true }
      - { field: initiatedBy.user.id, exists: true }
      - { field: initiatedBy.user.displayName, exists: false }
      - { field: initiatedBy.app.appId, exists: false }
      - { field: initiatedBy.app.displayName, exists: false }
      - { field: initiatedBy.app.servicePrincipalId, exists: false }
      - { field: initiatedBy.app.servicePrincipalName, exists: false }
      - { field: additionalDetails.AppId, in: ['00000003-0000-0000-c000-000000000000'] }
      - { field: userAgent, regex: '^python-requests/\d' }
      - { field: activity, equals: 'Consent to application' }
      - { field: activityDisplayName, contains: Consent }
      - { field: category, in: [ApplicationManagement] }
      - { field: loggedByService, equals: Core Directory }
      - { field: operationType, equals: Assign }
      - { field: resultReason, exists: false }
      - { field: correlationId, exists: true }
      - { field: tenantId, exists: false }
      - { field: id, startswith: Directory_ }
      - { field: 'targetResources[*].displayName', contains: Mail }
      - { field: 'targetResources[ServicePrincipal].id', exists: true }
      - { field: 'targetResources[ServicePrincipal].type', equals: ServicePrincipal }
      - { field: 'targetResources[User].userPrincipalName', startswith: admin, not: true }
      - { field: 'targetResources[Group].groupType', exists: false }
      - { field: 'targetResources[ServicePrincipal].modifiedProperties.ConsentAction.Permissions.newValue',
          regex: 'Mail\.(Read|Send)' }
      - { field: 'targetResources[*].modifiedProperties.ConsentContext.IsAdminConsent.oldValue', exists: false }
      - { field: group.id, exists: false }
      - { field: group.displayName, exists: false }
      - { field: credential.keyType, exists: false }
      - { field: credential.keysRemoved, equals: '0', not: true }
  escalate:
    - where: [{ field: group.privileged, equals: 'true' }]
      severity: critical
      riskScore: 95
  investigation: [Ask the user.]
  falsePositives: [An administrator at home.]
  response: { action: revokeUserSession, user: actor }
- id: USER-RARE
  name: Service principal credential added by a rare actor
  description: The same logic as EG0001, written by a user.
  kind: newTerms
  severity: medium
  riskScore: 47
  tactics: [TA0003]
  techniques: [T1098.001]
  match:
    activities: [Add service principal credentials]
    result: success
  newTerms:
    fields: [initiatedBy.key, 'targetResources[ServicePrincipal].id']
  target: ServicePrincipal
  investigation: [Identify the actor.]
  falsePositives: [Rotation.]
  response: { action: revokeCredential }
- id: USER-BURST
  name: Many failed consents by one user
  description: A threshold on a plain field.
  kind: threshold
  severity: low
  riskScore: 30
  tactics: [TA0006]
  techniques: [T1528]
  match:
    activities: [Consent to application]
    result: failure
  threshold: { groupBy: [initiatedBy.user.id], count: 3, window: 30m }
  investigation: [Look at the user.]
  falsePositives: [A confused user.]
  response: { action: revokeUserSession, user: actor }
- id: USER-SEQUENCE
  name: Owner added then credential added by the same actor
  description: A sequence keyed on the actor.
  kind: sequence
  severity: high
  riskScore: 73
  tactics: [TA0003]
  techniques: [T1098]
  sequence:
    by: [initiatedBy.key]
    window: 2h
    steps:
      - { activities: [Add owner to application], result: success }
      - { activities: [Update application - Certificates and secrets management], result: any,
          where: [{ field: credential.keysAdded, equals: '0', not: true }] }
  investigation: [Check the owner.]
  falsePositives: [A developer setting up an app.]
  response: { action: revokeCredential }
- id: USER-LOOKAHEAD
  name: A regex RE2 cannot run
  description: Lookahead is .NET only.
  severity: low
  riskScore: 10
  tactics: [TA0005]
  techniques: [T1556]
  match:
    activities: ['*']
    where: [{ field: resultReason, regex: '^(?!ok).*' }]
  investigation: [None.]
  falsePositives: [None.]
  response: { action: revokeUserSession }
";

        public static IReadOnlyList<Rule> UserRules => RuleCatalog.Parse(UserRulesYaml, "user-rules.yaml");

        public static Rule User(string id) => UserRules.Single(r => r.Id == id);

        public static IEnumerable<Rule> AllRules => Catalog.Concat(UserRules);

        public static RuleExport Export(Rule rule, ExportFormat format, EntraGuardSettings? settings = null) =>
            RuleExporter.Export(rule, format, Options(settings));

        public static RuleExport Export(string id, ExportFormat format, EntraGuardSettings? settings = null) =>
            Export(AllRules.Single(r => r.Id == id), format, settings);
    }
}
