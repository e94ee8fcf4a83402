using System.Globalization;
using Azure.Data.Tables;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>A string that must be uploaded to the payload container before the row that references it is written.</summary>
internal sealed record PendingBlob(string Name, string Content);

/// <summary>
/// Stores string values of any size in table entities: inline when small, split over several columns when the
/// entity still has room, otherwise in a blob referenced by name.
/// </summary>
/// <remarks>
/// Limits (Azure; Azurite enforces none of them): a string property ≤ 64 KiB as UTF-16, an entity ≤ 1 MiB, a batch
/// request ≤ 4 MiB on the wire. A value is costed at the larger of its UTF-16 size and its JSON size on the wire
/// (the SDK escapes non-ASCII as <c>\uXXXX</c>), so a full entity stays under 1 MiB and a commit's three data
/// entities stay under 4 MiB together. Columns: <c>{Name}</c> (inline or first chunk), <c>{Name}_1</c>…
/// (further chunks, count in <c>{Name}Chunks</c>), or <c>{Name}Blob</c> (blob name).
/// </remarks>
internal static class PayloadColumns
{
    /// <summary>60,000 bytes as UTF-16: under the 64 KiB property limit with room to spare.</summary>
    public const int MaxCharsPerColumn = 30_000;

    /// <summary>Cost budget for payload columns of one entity (1 MiB limit minus room for keys and other columns).</summary>
    public const long EntityBudget = 900_000;

    /// <summary>Worst-case cost of one delete action or a row's non-payload columns in a batch request.</summary>
    public const long RowOverhead = 4_096;

    /// <summary>The column that names the blob holding <paramref name="name"/> when the value was offloaded.</summary>
    public static string BlobColumn(string name) => name + "Blob";

    public static long Cost(string value)
    {
        long wire = 2;
        foreach (var c in value)
        {
            wire += c switch
            {
                '"' or '\\' => 2,
                '<' or '>' or '&' or '\'' or '+' or '`' => 6,
                >= ' ' and < '\u007F' => 1,
                _ => 6,
            };
        }

        return Math.Max(wire, 2L * value.Length);
    }

    /// <summary>
    /// Writes <paramref name="values"/> (null values are omitted) cheapest first, so small values stay inline and
    /// only the largest go to blobs. Returns the total cost written inline.
    /// </summary>
    /// <param name="reuseBlob">Returns the name of an existing blob that already holds exactly this value, or null.</param>
    public static long Write(
        TableEntity entity,
        IEnumerable<KeyValuePair<string, string?>> values,
        Func<string> newBlobName,
        Func<string, string, string?>? reuseBlob,
        List<PendingBlob> uploads)
    {
        var budget = EntityBudget;
        var present = values
            .Where(v => v.Value is not null)
            .Select(v => (v.Key, Value: v.Value!, Cost: Cost(v.Value!)))
            .OrderBy(v => v.Cost)
            .ToList();
        foreach (var (name, value, cost) in present)
        {
            if (cost <= budget)
            {
                budget -= cost;
                WriteInline(entity, name, value);
                continue;
            }

            var blob = reuseBlob?.Invoke(name, value);
            if (blob is null)
            {
                blob = newBlobName();
                uploads.Add(new PendingBlob(blob, value));
            }

            entity[BlobColumn(name)] = blob;
        }

        return EntityBudget - budget;
    }

    /// <summary>Reads an inline or chunked value; <paramref name="blobName"/> is set instead when it lives in a blob.</summary>
    public static string? Read(TableEntity entity, string name, out string? blobName)
    {
        blobName = entity.GetString(BlobColumn(name));
        if (blobName is not null)
        {
            return null;
        }

        var first = entity.GetString(name);
        var chunks = entity.GetInt32(name + "Chunks");
        if (first is null || chunks is null or <= 1)
        {
            return first;
        }

        return string.Concat(Enumerable.Range(0, chunks.Value)
            .Select(i => i == 0 ? first : entity.GetString(ChunkName(name, i)) ?? string.Empty));
    }

    /// <summary>Blob names referenced by any payload column of <paramref name="entity"/>.</summary>
    public static IEnumerable<string> BlobNames(TableEntity entity) =>
        entity.Where(p => p.Key.EndsWith("Blob", StringComparison.Ordinal) && p.Value is string)
            .Select(p => (string)p.Value);

    private static void WriteInline(TableEntity entity, string name, string value)
    {
        if (value.Length <= MaxCharsPerColumn)
        {
            entity[name] = value;
            return;
        }

        var count = 0;
        for (var start = 0; start < value.Length; count++)
        {
            var length = Math.Min(MaxCharsPerColumn, value.Length - start);

            // Never split a surrogate pair: each column must be valid UTF-16 on its own.
            if (start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--;
            }

            entity[count == 0 ? name : ChunkName(name, count)] = value.Substring(start, length);
            start += length;
        }

        entity[name + "Chunks"] = count;
    }

    private static string ChunkName(string name, int index) => name + "_" + index.ToString(CultureInfo.InvariantCulture);
}
