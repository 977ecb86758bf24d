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
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("The secret is empty.", nameof(value));
            return new SecretText(value);
        }

        /// <summary>Wraps a secret given as a SecureString (PowerShell's PSCredential and -AccessToken).</summary>
        public static SecretText FromSecureString(SecureString value)
        {
            if (value is null || value.Length == 0) throw new ArgumentException("The secret is empty.", nameof(value));
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return new SecretText(Marshal.PtrToStringUni(pointer, value.Length));
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        /// <summary>The secret itself: for the Graph seam only, never for display.</summary>
        internal string Reveal() => _value;

        /// <summary>Replaces every occurrence of this secret in <paramref name="text"/> with the mask.</summary>
        internal string Scrub(string text) =>
            string.IsNullOrEmpty(text) ? text : text.Replace(_value, Mask);

        public override string ToString() => Mask;
    }
}
