using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Web;

/// <summary>
/// Gives problem details to the requests Kestrel refuses before the app sees them: a URL too long (414), headers too
/// large (431), a request line that is not HTTP (400), an HTTP version it does not speak (505). Kestrel answers those
/// itself with an empty body and offers no hook, so this connection middleware recognises its answer on the way out
/// (an HTTP/1.x head with one of those statuses, "Content-Length: 0" and "Connection: close", which no answer of the
/// app has: its errors always have a body) and adds an application/problem+json body. It sees plain HTTP only: on a
/// TLS listener it sits outside the encryption and leaves the bytes alone.
/// </summary>
public static class RejectedRequestProblems
{
    public static void AddTo(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen =>
        {
            var bodies = new Lazy<Bodies>(() => Bodies.Create(listen.ApplicationServices));
            listen.Use(next => async connection =>
            {
                var transport = connection.Transport;
                var output = new RewritingWriter(transport.Output, bodies);
                connection.Transport = new Duplex(transport.Input, output);
                try
                {
                    await next(connection);
                }
                finally
                {
                    connection.Transport = transport;
                }
            });
        });

    /// <summary>The problem bodies, in the organisation's default language (a refused request's headers are not read).</summary>
    private sealed class Bodies(IReadOnlyDictionary<int, byte[]> byStatus)
    {
        public byte[]? For(int status) => byStatus.TryGetValue(status, out var body) ? body : null;

        public static Bodies Create(IServiceProvider services)
        {
            var text = services.GetRequiredService<IStringLocalizer<Text>>();
            var culture = services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value.DefaultRequestCulture.UICulture;
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                return new Bodies(new Dictionary<int, byte[]>
                {
                    [400] = Problem(400, "https://tools.ietf.org/html/rfc9110#section-15.5.1", text["Problem_bad_request"]),
                    [414] = Problem(414, "https://tools.ietf.org/html/rfc9110#section-15.5.15", text["Problem_uri_too_long"]),
                    [431] = Problem(431, "https://tools.ietf.org/html/rfc6585#section-5", text["Problem_headers_too_large"]),
                    [505] = Problem(505, "https://tools.ietf.org/html/rfc9110#section-15.6.6", text["Problem_http_version"]),
                });
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        private static byte[] Problem(int status, string type, string title) =>
            JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = type, ["title"] = title, ["status"] = status });
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Collects what Kestrel writes until it flushes, then passes it on, rewritten if it is one of Kestrel's own
    /// empty refusals. Kestrel writes such an answer as one head in one flush and closes the connection after it.
    /// </summary>
    private sealed class RewritingWriter(PipeWriter inner, Lazy<Bodies> bodies) : PipeWriter
    {
        private const int KeptCapacity = 16 * 1024;
        private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
        private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
        private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

        private ArrayBufferWriter<byte> _buffer = new(4096);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
        public override void Advance(int bytes) => _buffer.Advance(bytes);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        // Kestrel reports these to System.Text.Json, which asks while it writes a body (problem details among them)
        // to decide when to flush; PipeWriter's own answer is to throw. Nothing reaches the inner writer between flushes.
        public override bool CanGetUnflushedBytes => true;
        public override long UnflushedBytes => _buffer.WrittenCount;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            PassOn();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            PassOn();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            PassOn();
            return inner.CompleteAsync(exception);
        }

        private void PassOn()
        {
            if (_buffer.WrittenCount == 0) return;
            var written = _buffer.WrittenSpan;
            if (RefusalStatus(written) is { } status && bodies.Value.For(status) is { } body) WriteWithBody(written, body);
            else inner.Write(written);
            // A large answer should not keep a large buffer for the rest of the connection.
            if (_buffer.Capacity > KeptCapacity) _buffer = new ArrayBufferWriter<byte>(4096);
            else _buffer.ResetWrittenCount();
        }

        private static int? RefusalStatus(ReadOnlySpan<byte> head)
        {
            if (head.Length < 16 || !head.StartsWith("HTTP/1."u8) || head[8] != (byte)' ' || !head.EndsWith(EndOfHead)) return null;
            if (!int.TryParse(Encoding.ASCII.GetString(head.Slice(9, 3)), NumberStyles.None, CultureInfo.InvariantCulture, out var status)) return null;
            if (status is not (400 or 414 or 431 or 505)) return null;
            if (head.IndexOf(EmptyLength) < 0 || head.IndexOf(Close) < 0 || head.IndexOf("\r\nContent-Type:"u8) >= 0) return null;
            return status;
        }

        private void WriteWithBody(ReadOnlySpan<byte> head, byte[] body)
        {
            var at = head.IndexOf(EmptyLength);
            inner.Write(head[..at]);
            inner.Write(Encoding.ASCII.GetBytes(
                $"\r\nContent-Length: {body.Length}\r\nContent-Type: application/problem+json; charset=utf-8\r\n"
                + $"X-Content-Type-Options: nosniff\r\nContent-Security-Policy: {SecurityHeaders.DataPolicy}\r\n"));
            inner.Write(head[(at + EmptyLength.Length)..]);
            inner.Write(body);
        }
    }
}
