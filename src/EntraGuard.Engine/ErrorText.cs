using System;

namespace EntraGuard
{
    /// <summary>An exception's message as an admin should read it: without .NET's additions for developers.</summary>
    public static class ErrorText
    {
        /// <summary>
        /// The message without " (Parameter 'name')", which names a .NET parameter, not an option or a setting, and
        /// with the inner exception's words in place of "See inner exception for more details.".
        /// </summary>
        public static string Plain(Exception exception)
        {
            var message = exception.Message;
            if (exception is ArgumentException { ParamName: { } parameter })
            {
                var suffix = $" (Parameter '{parameter}')";
                if (message.EndsWith(suffix, StringComparison.Ordinal))
                {
                    message = message.Substring(0, message.Length - suffix.Length);
                }
            }
            const string SeeInner = "See inner exception for more details.";
            if (exception.InnerException is { } inner && message.Contains(SeeInner))
            {
                message = message.Replace(SeeInner, Plain(inner)).Trim();
            }
            return message;
        }
    }
}
