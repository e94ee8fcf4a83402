using System.Text;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>Follows a file another process writes, line by line, until that process has exited and the file is read.</summary>
internal static class OutputFileReader
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);

    // Terraform prints a line every few seconds at most while it waits on a provider; 100 ms is not noticeable.
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="onLine"/> for each complete line appended to <paramref name="path"/>, and for the last,
    /// unterminated one once <paramref name="writerExited"/> has completed.
    /// </summary>
    public static async Task FollowAsync(
        string path, Task writerExited, Func<string, CancellationToken, Task> onLine, CancellationToken cancellationToken)
    {
        var stream = await OpenAsync(path, writerExited).ConfigureAwait(false);
        if (stream is null)
        {
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
            var bytes = new byte[16 * 1024];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            var line = new StringBuilder();
            var poll = FirstPoll;
            while (true)
            {
                // Checked before the read: bytes written before the exit are then certainly read after it.
                var exited = writerExited.IsCompleted;
                var read = await stream.ReadAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                if (read > 0)
                {
                    var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                    for (var i = 0; i < count; i++)
                    {
                        if (chars[i] == '\n')
                        {
                            await onLine(TrimCarriageReturn(line), cancellationToken).ConfigureAwait(false);
                            line.Clear();
                        }
                        else
                        {
                            line.Append(chars[i]);
                        }
                    }

                    poll = FirstPoll;
                    continue;
                }

                if (exited)
                {
                    break;
                }

                await WaitAsync(writerExited, poll).ConfigureAwait(false);
                poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
            }

            if (line.Length > 0)
            {
                await onLine(TrimCarriageReturn(line), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The first <paramref name="maxChars"/> characters of a file, or nothing when it does not exist.</summary>
    public static string ReadStart(string path, int maxChars)
    {
        try
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            var buffer = new char[maxChars];
            var read = reader.ReadBlock(buffer, 0, maxChars);
            return new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }

    private static string TrimCarriageReturn(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();

    /// <summary>The shell wrapper creates the file just after the start: wait for it, or for an exit without one.</summary>
    private static async Task<FileStream?> OpenAsync(string path, Task writerExited)
    {
        var poll = FirstPoll;
        while (true)
        {
            var exited = writerExited.IsCompleted;
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                if (exited)
                {
                    return null;
                }
            }

            await WaitAsync(writerExited, poll).ConfigureAwait(false);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    // Real time on purpose: the file fills in real time, whatever clock the runner's policies use (a test's fake clock
    // would otherwise stall the output).
    private static async Task WaitAsync(Task writerExited, TimeSpan delay)
    {
        using var cancelDelay = new CancellationTokenSource();
        await Task.WhenAny(writerExited, Task.Delay(delay, TimeProvider.System, cancelDelay.Token)).ConfigureAwait(false);
        await cancelDelay.CancelAsync().ConfigureAwait(false);
    }
}
