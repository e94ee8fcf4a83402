using System.Text.Json;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage.Tests;

public sealed class EnvironmentStatusJsonConverterTests
{
    [Fact]
    public void Deserialize_RecordStoredBeforeRename_ReadsQueued()
    {
        var status = StorageJson.Deserialize<EnvironmentStatus>("\"Validating\"");

        Assert.Equal(EnvironmentStatus.Queued, status);
    }

    [Fact]
    public void Serialize_Queued_WritesCurrentName()
    {
        Assert.Equal("\"Queued\"", StorageJson.Serialize(EnvironmentStatus.Queued));
    }

    [Theory]
    [InlineData("\"Sleeping\"")]
    [InlineData("3")]
    public void Deserialize_UnknownNameOrNumber_Throws(string json)
    {
        Assert.Throws<JsonException>(() => StorageJson.Deserialize<EnvironmentStatus>(json));
    }
}
