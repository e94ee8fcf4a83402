namespace EnvOrchestrator.Durable.AzureStorage.Tests;

public sealed class PayloadBlobOwnerTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("env:p:n:deploy:1/" + Id, nameof(PayloadBlobKind.Instance), "env:p:n:deploy:1")]
    [InlineData("a%2Fb%2Ec/" + Id, nameof(PayloadBlobKind.Instance), "a%2Fb.c")]
    [InlineData("%7Etilde/" + Id, nameof(PayloadBlobKind.Instance), "~tilde")]
    [InlineData("~messages/workitems/" + Id, nameof(PayloadBlobKind.Message), "workitems")]
    [InlineData("~messages/control-15/" + Id, nameof(PayloadBlobKind.Message), "control-15")]
    [InlineData("~messages/" + Id, nameof(PayloadBlobKind.Message), null)]
    [InlineData("~poison/" + Id, nameof(PayloadBlobKind.Poison), null)]
    public void Parse_NamesTheBackendWrites_FindsOwner(string name, string kind, string? key)
    {
        var owner = PayloadBlobOwner.Parse(name);

        Assert.Equal(new PayloadBlobOwner(Enum.Parse<PayloadBlobKind>(kind), key), owner);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("instance/not-a-guid")]
    [InlineData("instance/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("a/b/" + Id)]
    [InlineData("/" + Id)]
    [InlineData("a.b/" + Id)]
    [InlineData("bad%zz/" + Id)]
    [InlineData("trailing%/" + Id)]
    [InlineData("~other/" + Id)]
    [InlineData("~messages/control-16/" + Id)]
    [InlineData("~messages/control-1/" + Id)]
    [InlineData("~messages/elsewhere/" + Id)]
    [InlineData("~messages/workitems/x/" + Id)]
    [InlineData("~poison/x/" + Id)]
    public void Parse_ForeignName_Unknown(string name)
    {
        Assert.Equal(PayloadBlobKind.Unknown, PayloadBlobOwner.Parse(name).Kind);
    }

    [Fact]
    public void Parse_NameFromInstancePrefix_MapsToThatInstancesPartition()
    {
        const string instanceId = "odd/id#with?chars.and~more";

        var owner = PayloadBlobOwner.Parse(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix(instanceId)));

        Assert.Equal(new PayloadBlobOwner(PayloadBlobKind.Instance, InstanceRows.PartitionKey(instanceId)), owner);
    }
}
