using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EntraGuard.Response
{
    /// <summary>
    /// Writes the state read before an action as compact JSON for the plan and the journal. Only what identifies and
    /// describes: never certificate key material, never a password hint, never a pass.
    /// </summary>
    internal sealed class PriorStateWriter
    {
        private readonly MemoryStream _buffer = new();
        private readonly Utf8JsonWriter _json;

        public PriorStateWriter()
        {
            _json = new Utf8JsonWriter(
                _buffer,
                new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            );
            _json.WriteStartObject();
        }

        public PriorStateWriter AppObject(AppObjectState state, bool includeCredentials)
        {
            _json.WriteStartObject(DirectoryObjectTypes.NameOf(state.Type));
            _json.WriteString("id", state.Id);
            Optional("appId", state.AppId);
            Optional("displayName", state.DisplayName);
            if (state.AccountEnabled is bool enabled)
                _json.WriteBoolean("accountEnabled", enabled);
            if (includeCredentials)
            {
                _json.WriteStartArray("passwordCredentials");
                foreach (var password in state.PasswordCredentials)
                {
                    _json.WriteStartObject();
                    _json.WriteString("keyId", password.KeyId);
                    Optional("displayName", password.DisplayName);
                    Optional("startDateTime", password.StartDateTime);
                    Optional("endDateTime", password.EndDateTime);
                    _json.WriteEndObject();
                }
                _json.WriteEndArray();
                _json.WriteStartArray("keyCredentials");
                foreach (var key in state.KeyCredentials)
                {
                    _json.WriteStartObject();
                    _json.WriteString("keyId", key.KeyId);
                    Optional("type", key.Type);
                    Optional("usage", key.Usage);
                    Optional("displayName", key.DisplayName);
                    Optional("customKeyIdentifier", key.CustomKeyIdentifier);
                    Optional("startDateTime", key.StartDateTime);
                    Optional("endDateTime", key.EndDateTime);
                    _json.WriteEndObject();
                }
                _json.WriteEndArray();
            }
            _json.WriteEndObject();
            return this;
        }

        public PriorStateWriter User(UserState user)
        {
            _json.WriteStartObject("user");
            _json.WriteString("id", user.Id);
            Optional("userPrincipalName", user.UserPrincipalName);
            Optional("displayName", user.DisplayName);
            if (user.AccountEnabled is bool enabled)
                _json.WriteBoolean("accountEnabled", enabled);
            Optional("signInSessionsValidFromDateTime", user.SignInSessionsValidFromDateTime);
            _json.WriteEndObject();
            return this;
        }

        public PriorStateWriter Group(GroupState group, string memberId, bool? isMember)
        {
            _json.WriteStartObject("group");
            _json.WriteString("id", group.Id);
            Optional("displayName", group.DisplayName);
            _json.WriteStartArray("groupTypes");
            foreach (var type in group.GroupTypes)
                _json.WriteStringValue(type);
            _json.WriteEndArray();
            Optional("membershipRule", group.MembershipRule);
            if (group.IsAssignableToRole is bool assignable)
                _json.WriteBoolean("isAssignableToRole", assignable);
            if (group.OnPremisesSyncEnabled is bool synced)
                _json.WriteBoolean("onPremisesSyncEnabled", synced);
            _json.WriteEndObject();
            _json.WriteStartObject("member");
            _json.WriteString("id", memberId);
            if (isMember is bool member)
                _json.WriteBoolean("isMember", member);
            _json.WriteEndObject();
            return this;
        }

        /// <summary>The methods' types and ids only: phone numbers and device names stay out of the journal.</summary>
        public PriorStateWriter AuthenticationMethods(IReadOnlyList<AuthenticationMethodInfo> methods)
        {
            _json.WriteStartArray("authenticationMethods");
            foreach (var method in methods)
            {
                _json.WriteStartObject();
                _json.WriteString("methodType", method.MethodType);
                _json.WriteString("id", method.Id);
                Optional("createdDateTime", method.CreatedDateTime);
                _json.WriteEndObject();
            }
            _json.WriteEndArray();
            return this;
        }

        public string Finish()
        {
            _json.WriteEndObject();
            _json.Flush();
            var text = Encoding.UTF8.GetString(_buffer.ToArray());
            _json.Dispose();
            return text;
        }

        private void Optional(string name, string? value)
        {
            if (value != null)
                _json.WriteString(name, value);
        }

        private void Optional(string name, DateTimeOffset? value)
        {
            if (value != null)
                _json.WriteString(name, value.Value.UtcDateTime);
        }
    }
}
