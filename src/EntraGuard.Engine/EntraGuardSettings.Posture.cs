using EntraGuard.Posture;

namespace EntraGuard
{
    public sealed partial class EntraGuardSettings
    {
        /// <summary>
        /// The posture checks' settings (the file's <c>posture:</c> section): break-glass accounts, limits, risk levels
        /// and accepted deviations. Read and checked key by key; see <see cref="PostureSettingsReader"/>.
        /// </summary>
        public PostureSettings Posture { get; set; } = PostureSettings.Default;
    }
}
