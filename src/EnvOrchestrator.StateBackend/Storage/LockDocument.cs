using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>The content of a lock blob while the lock is held; an empty blob means unlocked.</summary>
internal sealed record LockDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("info")] string InfoJson,
    [property: JsonPropertyName("acquiredAt")] DateTimeOffset AcquiredAt,
    [property: JsonPropertyName("server")] string? Server)
{
    public static LockDocument From(TerraformStateLock stateLock) => new(stateLock.Id, stateLock.InfoJson, stateLock.AcquiredAt, stateLock.Server);

    public static TerraformStateLock? Parse(BinaryData content)
    {
        if (content.ToMemory().IsEmpty)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<LockDocument>(content.ToMemory().Span)
            ?? throw new InvalidDataException("A lock blob holds 'null'.");
        return new TerraformStateLock(document.Id, document.InfoJson, document.AcquiredAt) { Server = document.Server };
    }

    public BinaryData ToBinaryData() => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(this));
}
