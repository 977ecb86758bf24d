using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BannedPasswordsCheck : GroupSettingsCheck
    {
        private const string List = "BannedPasswordList";

        public BannedPasswordsCheck()
            : base(
                "EGP048",
                "Passwords made of the organization's own words are refused",
                Severity.Low,
                "Passwords",
                PostureLicence.EntraIdP1,
                "Spraying lists start with the victim's own names: the company, its products, its city, followed by "
                    + "a year. Microsoft's global list does not know them; a custom banned list, enforced, makes "
                    + "users pick something an attacker cannot guess from the website.",
                "Set 'Enforce custom list' = Yes and add the organization's names, brands and places to 'Custom banned "
                    + "password list' (Entra admin center → Protection → Authentication methods → Password "
                    + "protection), or set EnableBannedPasswordCheck = True and BannedPasswordList in the 'Password "
                    + "Rule Settings' object under /groupSettings.",
                GroupSettingTemplate.PasswordRules,
                "the custom banned password list is not in use",
                "a custom banned password list is enforced",
                new[]
                {
                    RequiredValue.True("EnableBannedPasswordCheck", "the custom banned password list is not enforced"),
                    RequiredValue.NotEmpty(List, "the custom banned password list is empty"),
                },
                "EIDSCA.PR03"
            ) { }

        /// <summary>The list is shown by its length: the words are the organization's, not evidence.</summary>
        protected override IReadOnlyList<string> Shown(string name, string value) =>
            name == List && value.Length > 0
                ? new[] { $"{value.Split('\t').Length} word(s)" }
                : base.Shown(name, value);
    }
}
