using System.Linq;

namespace EntraGuard.Tests.Model
{
    public sealed class CredentialChangeTests
    {
        private const string Old = "[\"[KeyIdentifier=k-old,KeyType=Password,KeyUsage=Verify,DisplayName=rotated]\"]";
        private const string New =
            "[\"[KeyIdentifier=k-old,KeyType=Password,KeyUsage=Verify,DisplayName=rotated]\","
            + "\"[KeyIdentifier=k-new,KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=relay, O=Fabrikam]\"]";

        [Fact]
        public void An_entry_is_parsed_into_its_fields()
        {
            var d = CredentialDescriptor.ParseEntry(
                "[KeyIdentifier=8f1c,KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=relay, O=Fabrikam]"
            )!;

            Assert.Equal("8f1c", d.KeyId);
            Assert.Equal("AsymmetricX509Cert", d.KeyType);
            Assert.Equal("Verify", d.KeyUsage);
            Assert.Equal("CN=relay, O=Fabrikam", d.DisplayName); // commas inside the display name survive
            Assert.True(d.IsCertificate);
            Assert.False(d.IsPassword);
        }

        [Fact]
        public void The_set_differences_give_what_was_added_and_what_was_removed()
        {
            var added = CredentialChange.Diff(Old, New);
            var removed = CredentialChange.Diff(New, Old);

            Assert.Equal("k-new", Assert.Single(added.Added).KeyId);
            Assert.Empty(added.Removed);
            Assert.Equal("k-new", Assert.Single(removed.Removed).KeyId);
            Assert.Empty(removed.Added);
        }

        [Fact]
        public void Key_identifiers_are_compared_ignoring_case_and_a_repeated_key_counts_once()
        {
            const string repeated =
                "[\"[KeyIdentifier=K-OLD,KeyType=Password]\",\"[KeyIdentifier=k-two,KeyType=Password]\","
                + "\"[KeyIdentifier=K-TWO,KeyType=Password]\",\"[KeyIdentifier=k-three,KeyType=Password]\"]";

            var change = CredentialChange.Diff(Old, repeated);

            Assert.Equal(new[] { "k-two", "k-three" }, change.Added.Select(d => d.KeyId));
            Assert.Empty(change.Removed);
            Assert.True(CredentialChange.Diff(repeated, repeated).IsEmpty);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("[]")]
        public void An_empty_old_value_means_the_first_credential(string? oldValue)
        {
            var change = CredentialChange.Diff(oldValue, Old);

            Assert.Equal("k-old", Assert.Single(change.Added).KeyId);
        }

        [Fact]
        public void Json_escapes_spaces_and_key_casing_variants_are_read()
        {
            var list = CredentialDescriptor.ParseList(
                "[ \"[KeyIdentifier=a, KeyType=Password, KeyUsage=Verify, DisplayName=say \\\"hi\\\" \\u00e9]\" , "
                    + "\"[keyidentifier=b,keytype=AsymmetricX509Cert]\" ]"
            );

            Assert.Equal(new[] { "a", "b" }, list.Select(d => d.KeyId));
            Assert.Equal("say \"hi\" \u00e9", list[0].DisplayName);
            Assert.Equal("Password", list[0].KeyType);
            Assert.True(list[1].IsCertificate);
        }

        [Theory]
        [InlineData("not a key description")]
        [InlineData("[\"[DisplayName=no id]\"]")]
        [InlineData("[\"unterminated")]
        public void Values_without_a_key_identifier_yield_nothing(string value) =>
            Assert.Empty(CredentialDescriptor.ParseList(value));

        [Fact]
        public void Plain_text_entries_are_read_when_the_value_is_not_json()
        {
            var list = CredentialDescriptor.ParseList(
                "[KeyIdentifier=a,KeyType=Password,KeyUsage=Verify,DisplayName=x], "
                    + "[KeyIdentifier=b,KeyType=Password,KeyUsage=Verify,DisplayName=y]"
            );

            Assert.Equal(new[] { "a", "b" }, list.Select(d => d.KeyId));
        }

        [Fact]
        public void The_change_is_found_on_the_event_target_that_carries_it()
        {
            var e = new AuditEvent
            {
                TargetResources = new[]
                {
                    new TargetResource { Id = "user" },
                    new TargetResource
                    {
                        Id = "sp",
                        ModifiedProperties = new[]
                        {
                            new ModifiedProperty
                            {
                                DisplayName = "KeyDescription",
                                OldValue = Old,
                                NewValue = New,
                            },
                        },
                    },
                },
            };

            Assert.Equal("k-new", Assert.Single(CredentialChange.From(e).Added).KeyId);
            Assert.True(CredentialChange.From(new AuditEvent()).IsEmpty);
        }
    }
}
