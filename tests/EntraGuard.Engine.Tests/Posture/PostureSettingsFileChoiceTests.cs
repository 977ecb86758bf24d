using System;
using System.IO;
using System.Linq;
using System.Reflection;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>A settings folder with one file per tenant, and the settings a posture run resolves.</summary>
    public sealed class PostureSettingsFileChoiceTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private string Folder => Path.Combine(_files.Root, "tenants");

        [Fact]
        public void A_file_is_taken_as_it_is_and_a_folder_gives_the_first_tenant_key_with_a_file()
        {
            var file = _files.Write("entraguard.yaml", "posture: {}\n");
            var byDomain = _files.Write("tenants/Contoso.onmicrosoft.com.yml", "posture: {}\n");
            var byId = _files.Write($"tenants/{PostureTestData.TenantId}.json", "{}");
            _files.Write("tenants/default.yaml", "posture: {}\n");

            Assert.Equal(file, PostureSettingsFile.Choose(file, new[] { "contoso.onmicrosoft.com" }));
            Assert.Equal(byDomain, PostureSettingsFile.Choose(Folder, new[] { null, "contoso.onmicrosoft.com" }));
            Assert.Equal(byId, PostureSettingsFile.Choose(Folder, new[] { PostureTestData.TenantId, "contoso.com" }));
            Assert.Equal(
                Path.Combine(Folder, "default.yaml"),
                PostureSettingsFile.Choose(Folder, new[] { "fabrikam.com" })
            );
        }

        [Fact]
        public void A_folder_without_a_file_for_the_tenant_or_without_a_tenant_names_what_it_looked_for()
        {
            _files.Write("tenants/contoso.onmicrosoft.com.yaml", "posture: {}\n");

            var missing = Assert.Throws<FileNotFoundException>(() =>
                PostureSettingsFile.Choose(Folder, new[] { "fabrikam.com", PostureTestData.TenantId })
            );
            var unnamed = Assert.Throws<FileNotFoundException>(() =>
                PostureSettingsFile.Choose(Folder, new string?[] { null, " " })
            );

            Assert.Equal(
                $"The settings folder '{Folder}' has no file for tenant fabrikam.com / {PostureTestData.TenantId}: "
                    + $"looked for fabrikam.com.yaml, {PostureTestData.TenantId}.yaml, default.yaml (or .yml, .json).",
                missing.Message
            );
            Assert.Equal(
                $"The settings folder '{Folder}' has no default.yaml (or .yml, .json), and no tenant is named to "
                    + "choose another file by.",
                unnamed.Message
            );
        }

        [Fact]
        public void Resolving_break_glass_accounts_keeps_every_other_setting()
        {
            var settings = new PostureSettings
            {
                BreakGlassAccounts = new[] { BreakGlassAccount.ByPrincipalName("bg@contoso.com") },
                MaxSecretLifetimeDays = 30,
                MinGlobalAdministrators = 3,
                MaxGlobalAdministrators = 5,
                AdditionalPrivilegedRoles = new[] { PostureTestData.UserAdmin },
                SignInRiskLevels = new[] { "low" },
                UserRiskLevels = new[] { "medium" },
                AcceptedDeviations = new[]
                {
                    new AcceptedDeviation { CheckId = "EGP010", Justification = "x" },
                },
                SeverityOverrides = new System.Collections.Generic.Dictionary<string, Severity>
                {
                    ["EGP010"] = Severity.Low,
                },
                ApprovedPublicGroups = new[] { "6a0c0000-0000-4000-8000-0000000000c2" },
            };
            var resolved = new[] { settings.BreakGlassAccounts[0].ResolvedTo(PostureTestData.BreakGlassUser) };

            var copy = settings.WithBreakGlassAccounts(resolved);

            Assert.Same(resolved, copy.BreakGlassAccounts);
            // Every other settable property is carried over. The test sets each one away from its default, so a
            // setting added later fails here until it is set above — and then fails if the copy forgets it.
            var properties = typeof(PostureSettings)
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.Name != nameof(PostureSettings.BreakGlassAccounts));
            foreach (var property in properties)
            {
                var value = property.GetValue(settings);
                Assert.NotEqual(property.GetValue(PostureSettings.Default), value);
                Assert.Equal(value, property.GetValue(copy));
            }
        }
    }
}
