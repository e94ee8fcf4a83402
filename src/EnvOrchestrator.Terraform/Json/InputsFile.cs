using System.Text.Json;

namespace EnvOrchestrator.Terraform.Json;

/// <summary>
/// Writes inputs as <c>inputs.tfvars.json</c>: values reach Terraform byte for byte, never through a command line or shell.
/// </summary>
internal static class InputsFile
{
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, TerraformValue> inputs, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (writer.ConfigureAwait(false))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    if (value.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
