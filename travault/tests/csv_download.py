import csv
import io


def read_csv(response) -> list[list[str]]:
    """The rows of a streamed CSV download."""
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
