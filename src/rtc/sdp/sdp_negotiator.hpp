#pragma once
// Offer/answer for the SFU's two peer connections per participant:
//  - publish:   browser offers sendonly/sendrecv tracks, answer_publish_offer answers recvonly;
//  - subscribe: build_subscriber_offer offers sendonly tracks, read_subscriber_answer reads the
//               browser's recvonly answer.
#include "rtc/sdp/publish_answer.hpp"
#include "rtc/sdp/subscriber_answer.hpp"
#include "rtc/sdp/subscriber_offer.hpp"
