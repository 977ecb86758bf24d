using System;
using EntraGuard.Configuration;

namespace EntraGuard
{
    /// <summary>A settings file that cannot be used.</summary>
    public sealed class SettingsFormatException : ConfigFormatException
    {
        public SettingsFormatException(string file, long line, string? field, string problem, Exception? inner = null)
            : base(file, line, null, field, problem, inner) { }

        /// <summary>For the configuration readers: how a settings file reports a mistake.</summary>
        internal static readonly ConfigErrors Errors = (file, line, _, field, problem, inner) =>
            new SettingsFormatException(file, line, field, problem, inner);
    }
}
