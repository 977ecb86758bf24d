using System;
using System.Runtime.InteropServices;
using System.Security;

namespace EntraGuard.Collection
{
    /// <summary>
    /// A secret (client secret, access token, certificate password) that cannot be printed by accident: ToString,
    /// formatting and serialization see a mask. Only the Graph seam reads the value, at the moment it is needed.
    /// </summary>
    public sealed class SecretText
    {
        public const string Mask = "********";
        private readonly string _value;

        private SecretText(string value) => _value = value;

        /// <summary>Wraps a secret given as plain text (an environment variable's value).</summary>
        public static SecretText FromPlainText(string value)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException("The secret is empty.", nameof(value));
            return new SecretText(value);
        }

        /// <summary>Wraps a secret given as a SecureString (PowerShell's PSCredential and -AccessToken).</summary>
        public static SecretText FromSecureString(SecureString value)
        {
            if (value is null || value.Length == 0)
                throw new ArgumentException("The secret is empty.", nameof(value));
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return new SecretText(Marshal.PtrToStringUni(pointer, value.Length));
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        /// <summary>The secret itself: for the Graph seam only, never for display.</summary>
        internal string Reveal() => _value;

        /// <summary>Masks this secret in <paramref name="text"/> (see <see cref="Scrub(string, string)"/>).</summary>
        internal string Scrub(string text) => Scrub(text, _value);

        /// <summary>Secrets this long or longer are masked wherever they occur; shorter ones as whole words.</summary>
        public const int AnywhereLength = 8;

        /// <summary>
        /// Replaces <paramref name="secret"/> in <paramref name="text"/> with the mask: wherever it occurs when it is
        /// <see cref="AnywhereLength"/> characters or longer, else only where no letter or digit touches it, so a
        /// one-character token cannot mask the letters of every other word (and so reveal itself).
        /// </summary>
        internal static string Scrub(string text, string secret)
        {
            if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret))
                return text;
            if (secret.Length >= AnywhereLength)
                return text.Replace(secret, Mask);
            var result = new System.Text.StringBuilder(text.Length);
            var from = 0;
            for (
                var at = text.IndexOf(secret, StringComparison.Ordinal);
                at >= 0;
                at = text.IndexOf(secret, at + 1, StringComparison.Ordinal)
            )
            {
                if (at < from)
                    continue;
                var end = at + secret.Length;
                var whole =
                    (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                    && (end == text.Length || !char.IsLetterOrDigit(text[end]));
                if (!whole)
                    continue;
                result.Append(text, from, at - from).Append(Mask);
                from = end;
            }
            return result.Append(text, from, text.Length - from).ToString();
        }

        public override string ToString() => Mask;
    }
}
