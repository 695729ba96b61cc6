using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Http;

/// <summary>
/// The one place where failures become responses: a <see cref="FhirException"/> keeps its kind, a Kestrel
/// limit keeps its status (413, 408…), anything else is a 500 without internals. Always an OperationOutcome.
/// </summary>
internal sealed partial class OperationOutcomeMiddleware(RequestDelegate next, FhirHttpResponseWriter writer, ILogger<OperationOutcomeMiddleware> logger)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (FhirException ex)
        {
            await writer.WriteErrorAsync(context, ex.Kind, ex.Issues, CancellationToken.None);
        }
        catch (BadHttpRequestException ex)
        {
            var kind = FhirErrorStatus.FromStatusCode(ex.StatusCode);
            await writer.WriteErrorAsync(context, kind, [Issue(kind == FhirErrorKind.PayloadTooLarge ? OperationOutcome.IssueType.TooLong : OperationOutcome.IssueType.Invalid, ex.Message)], CancellationToken.None);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception ex)
        {
            var traceId = FhirHttpResponseWriter.TraceId(context);
            LogUnhandled(logger, ex, traceId);
            await writer.WriteErrorAsync(
                context,
                FhirErrorKind.Internal,
                [Issue(OperationOutcome.IssueType.Exception, $"Internal error; quote trace id {traceId} to the administrator.")],
                CancellationToken.None);
        }
    }

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType code, string message) =>
        FhirException.Issue(OperationOutcome.IssueSeverity.Error, code, message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error, trace id {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId);
}
