#include "log_categories.h"

Q_LOGGING_CATEGORY(lcConfig, "shelf.config")
Q_LOGGING_CATEGORY(lcContent, "shelf.content")
