using System;
using System.Collections.Generic;

namespace EntraGuard.Ingest
{
    /// <summary>The logs a reader tells apart by content: directory audits and sign-ins.</summary>
    internal enum RecordStream
    {
        Audit,
        SignIn,
        Other, // a diagnostic category neither reader reads (provisioning, risky users, …)
    }

    internal static class RecordStreams
    {
        public const string AuditCategory = "AuditLogs";
        public const string SignInCategory = "SignInLogs";

        /// <summary>The Azure Monitor categories that carry sign-ins (interactive, non-interactive, workload
        /// ones).</summary>
        private static readonly HashSet<string> SignInCategories = new(StringComparer.OrdinalIgnoreCase)
        {
            SignInCategory,
            "NonInteractiveUserSignInLogs",
            "ServicePrincipalSignInLogs",
            "ManagedIdentitySignInLogs",
        };

        /// <summary>
        /// Which log a record belongs to: a diagnostic record by its category, a Graph record by its fields (a
        /// directoryAudit has activityDateTime and activityDisplayName, a signIn createdDateTime). Null when nothing
        /// tells: the record is then judged as the log being read, and its checks name what it lacks.
        /// </summary>
        public static RecordStream? Of(string? diagnosticCategory, bool hasActivity, bool hasCreatedDateTime)
        {
            if (diagnosticCategory != null)
            {
                if (string.Equals(diagnosticCategory, AuditCategory, StringComparison.OrdinalIgnoreCase))
                    return RecordStream.Audit;
                return SignInCategories.Contains(diagnosticCategory) ? RecordStream.SignIn : RecordStream.Other;
            }
            if (hasActivity)
                return RecordStream.Audit;
            return hasCreatedDateTime ? RecordStream.SignIn : null;
        }

        /// <summary>The category a Graph record of this log is counted under when a reader skips it.</summary>
        public static string CategoryOf(RecordStream stream) =>
            stream == RecordStream.SignIn ? SignInCategory : AuditCategory;
    }
}
